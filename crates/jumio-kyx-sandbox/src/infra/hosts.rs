//! The real platform's host names, for the sandbox's region mode: with `strict_hosts`, every API
//! request must arrive on the host of its operation's family in one of the regions
//! (`retrieval.emea-1.jumio.ai`), as on the real platform (another host answers 404), and the
//! hrefs the sandbox writes name the real hosts of the request's region.

use jumio_kyx::routing::{HostFamily, Region};

tokio::task_local! {
    /// The region of the request being handled (strict-hosts mode).
    static REQUEST_REGION: Option<Region>;
    /// The base URL the request being handled reached the sandbox at, when the sandbox listens
    /// on every interface (a container): its hrefs then name the address the caller used.
    static REQUEST_BASE: Option<String>;
}

/// Every host name the sandbox answers for in region mode: each family of each region, the
/// web client's host `sandbox.web.{region}.jumio.ai` and the Web SDK API's
/// `web-sdk.{region}.jumio.ai`.
pub fn all_hosts() -> Vec<String> {
    let mut hosts = Vec::new();
    for region in Region::ALL {
        for family in HostFamily::ALL {
            hosts.push(host(family.as_str(), region));
        }
        hosts.push(host("web", region));
        hosts.push(host("web-sdk", region));
    }
    hosts
}

/// The host of a family (or `web`) in a region.
pub fn host(family: &str, region: Region) -> String {
    match family {
        "web" => format!("sandbox.web.{}.jumio.ai", region.id()),
        f => format!("{f}.{}.jumio.ai", region.id()),
    }
}

/// The family (`api`, …, `web` or `web-sdk`) and region a `Host` header names, if it is a real host.
pub fn parse(host_header: &str) -> Option<(&str, Region)> {
    let name = host_header
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host_header, |(name, _)| name);
    let rest = name.strip_suffix(".jumio.ai")?;
    let (prefix, region) = rest.rsplit_once('.')?;
    let region = Region::ALL.into_iter().find(|r| r.id() == region)?;
    let family = if prefix == "sandbox.web" {
        "web"
    } else if prefix == "web-sdk" {
        "web-sdk"
    } else {
        HostFamily::ALL
            .into_iter()
            .find(|f| f.as_str() == prefix)?
            .as_str()
    };
    Some((family, region))
}

/// Runs `fut` as the handling of a request that arrived in `region`.
pub async fn in_region<F: std::future::Future>(region: Option<Region>, fut: F) -> F::Output {
    REQUEST_REGION.scope(region, fut).await
}

/// Runs `fut` as the handling of a request that reached the sandbox at `base`.
pub async fn at_base<F: std::future::Future>(base: Option<String>, fut: F) -> F::Output {
    REQUEST_BASE.scope(base, fut).await
}

/// The base URL the request being handled reached the sandbox at (see `REQUEST_BASE`).
pub fn current_base() -> Option<String> {
    REQUEST_BASE.try_with(|b| b.clone()).ok().flatten()
}

/// The region of the request being handled, if the sandbox is in region mode.
pub fn current_region() -> Option<Region> {
    REQUEST_REGION.try_with(|r| *r).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_hosts_are_recognised() {
        assert_eq!(
            parse("retrieval.emea-1.jumio.ai"),
            Some(("retrieval", Region::Eu))
        );
        assert_eq!(parse("api.apac-1.jumio.ai:443"), Some(("api", Region::Sg)));
        assert_eq!(
            parse("sandbox.web.amer-1.jumio.ai"),
            Some(("web", Region::Us))
        );
        assert_eq!(parse("127.0.0.1:4010"), None);
        assert_eq!(parse("evil.amer-1.jumio.ai"), None);
        assert_eq!(parse("api.mars-1.jumio.ai"), None);
        assert_eq!(
            parse("web-sdk.emea-1.jumio.ai"),
            Some(("web-sdk", Region::Eu))
        );
        assert_eq!(all_hosts().len(), 21);
    }
}
