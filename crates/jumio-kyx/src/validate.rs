//! Pre-flight checks: what the client can know is wrong before any network I/O. Each failure is
//! an [`Error`] of kind `Validation` naming the field and the rule, never the value.
//!
//! The limits match `openapi/jumio-kyx.yaml` (a test reads them back from the spec).

use std::time::Duration;

use crate::error::Error;
use crate::types;

/// Longest `customerInternalReference` and `userReference`.
pub const MAX_REFERENCE_LEN: usize = 100;
/// Characters `customerInternalReference` must not contain.
pub const FORBIDDEN_REFERENCE_CHARS: &[char] = &['<', '>', '"', '/', ';', '`', '%', '{', '}', '|'];
/// Longest `reportingCriteria`, `callbackUrl`, `web.successUrl`, `web.errorUrl`.
pub const MAX_URL_LEN: usize = 255;
/// Shortest and longest `tokenLifetime`.
pub const TOKEN_LIFETIME_BOUNDS: (Duration, Duration) = (
    Duration::from_secs(5 * 60),
    Duration::from_secs(60 * 86_400),
);
/// Default largest image upload: the most permissive documented limit (15 MB, the current docs;
/// older ones said 10 and 5 MB: DECISIONS.md §15.13), so the client refuses nothing the platform
/// takes.
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 15 * 1024 * 1024;
/// Largest image side, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 8000;

/// Longest id the client puts into a URL path.
pub const MAX_ID_LEN: usize = 255;

/// Checks an id that becomes a URL path segment (an account, workflow execution or credential
/// id, a part classifier, a scan reference): not empty, not `.` or `..`, no `/` or `\\`, no
/// control characters, at most [`MAX_ID_LEN`] characters. Real ids are UUIDs or Netverify scan
/// references; anything else is left for the platform to judge. The value is never quoted.
///
/// ```
/// use jumio_kyx::validate::id;
/// assert!(id("account_id", "4b0f3d1e-9a4c-4b3e-8f2a-1c2d3e4f5a6b").is_ok());
/// assert!(id("workflow_execution_id", "NV-2019-000123").is_ok());
/// assert!(id("workflow_execution_id", "..\\..\\B").is_err());
/// assert!(id("account_id", "..").is_err());
/// assert!(id("account_id", "").is_err());
/// ```
pub fn id(field: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if value == "." || value == ".." {
        return Err(Error::validation(
            field,
            "must not be a dot segment (`.` or `..`)",
        ));
    }
    // Every call checks its ids, and nearly every id is short, printable ASCII: one pass with
    // no early exit (so it vectorises) settles those. Anything else is looked at again below to
    // say where the fault is.
    let unusual = |b: u8| !(0x20..0x7f).contains(&b) || b == b'/' || b == b'\\';
    if value.len() <= MAX_ID_LEN && !value.bytes().fold(false, |any, b| any | unusual(b)) {
        return Ok(());
    }
    // ASCII is checked byte by byte; a byte's position is then its character's.
    let (bad, length) = if value.is_ascii() {
        let bad = |b: u8| b == b'/' || b == b'\\' || b.is_ascii_control();
        (value.bytes().position(bad), value.len())
    } else {
        let bad = |c: char| c == '/' || c == '\\' || c.is_control();
        (value.chars().position(bad), chars(value))
    };
    if let Some(pos) = bad {
        return Err(Error::validation(
            field,
            format!(
                "contains a path separator or control character at position {}",
                pos + 1
            ),
        ));
    }
    if length > MAX_ID_LEN {
        return Err(Error::validation(
            field,
            format!("is longer than {MAX_ID_LEN} characters"),
        ));
    }
    Ok(())
}

/// Longest time a caller may give for a timeout, deadline or wait (30 days).
pub const MAX_CALLER_DURATION: Duration = Duration::from_secs(30 * 86_400);

/// Checks a duration a caller gave: more than zero and at most `max`.
pub fn duration(field: &str, value: Duration, max: Duration) -> Result<Duration, Error> {
    if value.is_zero() {
        return Err(Error::validation(field, "must be longer than zero"));
    }
    if value > max {
        return Err(Error::validation(
            field,
            format!("must be at most {} seconds", max.as_secs()),
        ));
    }
    Ok(value)
}

/// A duration a caller gave in seconds (from Python, Node, JSON or a command line): a finite
/// number, more than zero, at most `max`. NaN, infinities and negative numbers are refused, never
/// converted.
///
/// ```
/// use std::time::Duration;
/// use jumio_kyx::validate::{seconds, MAX_CALLER_DURATION};
/// assert_eq!(seconds("deadline", 1.5, MAX_CALLER_DURATION).unwrap(), Duration::from_millis(1500));
/// for bad in [f64::NAN, f64::INFINITY, -1.0, 0.0, 1e300] {
///     assert!(seconds("deadline", bad, MAX_CALLER_DURATION).is_err());
/// }
/// ```
pub fn seconds(field: &str, value: f64, max: Duration) -> Result<Duration, Error> {
    if !value.is_finite() {
        return Err(Error::validation(
            field,
            "must be a finite number of seconds",
        ));
    }
    if value <= 0.0 {
        return Err(Error::validation(field, "must be more than zero seconds"));
    }
    if value > max.as_secs_f64() {
        return Err(Error::validation(
            field,
            format!("must be at most {} seconds", max.as_secs()),
        ));
    }
    // In range, so the conversion cannot fail; a sub-nanosecond value rounds up to 1 ns.
    Ok(Duration::try_from_secs_f64(value)
        .unwrap_or(max)
        .max(Duration::from_nanos(1)))
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Checks a `customerInternalReference`.
pub fn customer_internal_reference(value: &str) -> Result<(), Error> {
    const FIELD: &str = "customerInternalReference";
    if value.is_empty() {
        return Err(Error::validation(FIELD, "must not be empty"));
    }
    if chars(value) > MAX_REFERENCE_LEN {
        return Err(Error::validation(
            FIELD,
            format!("is longer than {MAX_REFERENCE_LEN} characters"),
        ));
    }
    if let Some(pos) = value
        .chars()
        .position(|c| FORBIDDEN_REFERENCE_CHARS.contains(&c))
    {
        return Err(Error::validation(
            FIELD,
            format!(
                "contains a forbidden character at position {} (none of < > \" / ; ` % {{ }} | is allowed)",
                pos + 1
            ),
        ));
    }
    Ok(())
}

/// Checks a `userReference`.
pub fn user_reference(value: &str) -> Result<(), Error> {
    if chars(value) > MAX_REFERENCE_LEN {
        return Err(Error::validation(
            "userReference",
            format!("is longer than {MAX_REFERENCE_LEN} characters"),
        ));
    }
    Ok(())
}

/// Parses a `tokenLifetime` (`30m`, `1d`, `600s`) and checks its bounds (5m to 60d).
///
/// ```
/// use std::time::Duration;
/// assert_eq!(jumio_kyx::validate::token_lifetime("30m").unwrap(), Duration::from_secs(1800));
/// assert!(jumio_kyx::validate::token_lifetime("4m").is_err());
/// assert!(jumio_kyx::validate::token_lifetime("1w").is_err());
/// ```
pub fn token_lifetime(value: &str) -> Result<Duration, Error> {
    const FIELD: &str = "tokenLifetime";
    let grammar =
        || Error::validation(FIELD, "must be a number and a unit s, m, h or d (e.g. 30m)");
    let unit = value.chars().last().ok_or_else(grammar)?;
    let digits = &value[..value.len() - unit.len_utf8()];
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(grammar());
    }
    let n: u64 = digits.parse().map_err(|_| grammar())?;
    let secs = match unit {
        's' => n,
        'm' => n * 60,
        'h' => n * 3600,
        'd' => n * 86_400,
        _ => return Err(grammar()),
    };
    let d = Duration::from_secs(secs);
    if d < TOKEN_LIFETIME_BOUNDS.0 || d > TOKEN_LIFETIME_BOUNDS.1 {
        return Err(Error::validation(FIELD, "must be between 5m and 60d"));
    }
    Ok(d)
}

fn max_len(field: &str, value: &str, max: usize) -> Result<(), Error> {
    if chars(value) > max {
        return Err(Error::validation(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(())
}

/// Checks that a URL field is short enough (at most [`MAX_URL_LEN`] characters) and an absolute
/// http(s) URL: what every URL field of the platform takes (`callbackUrl`, `web.successUrl`,
/// `web.errorUrl`). A `javascript:` or `data:` URL is refused; the value is never quoted.
///
/// ```
/// use jumio_kyx::validate::url;
/// assert!(url("callbackUrl", "https://example.com/jumio").is_ok());
/// assert!(url("web.successUrl", "javascript:alert(1)").is_err());
/// assert!(url("callbackUrl", "not a url").is_err());
/// ```
pub fn url(field: &str, value: &str) -> Result<(), Error> {
    max_len(field, value, MAX_URL_LEN)?;
    match reqwest::Url::parse(value) {
        Ok(u) if u.scheme() == "https" || u.scheme() == "http" => Ok(()),
        _ => Err(Error::validation(field, "must be an absolute http(s) URL")),
    }
}

/// Checks an ISO 3166-1 alpha-3 country code (Kosovo's `XKX`, used by Jumio, included).
pub fn country_alpha3(field: &str, value: &str) -> Result<(), Error> {
    if value == "XKX" || isocountry::CountryCode::for_alpha3(value).is_ok() {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "is not an ISO 3166-1 alpha-3 country code (e.g. USA)",
        ))
    }
}

/// Checks a country that may be alpha-2 or alpha-3 (prepared-data addresses).
fn country_alpha2_or_3(field: &str, value: &str) -> Result<(), Error> {
    let ok = match value.len() {
        2 => isocountry::CountryCode::for_alpha2(value).is_ok() || value == "XK",
        3 => value == "XKX" || isocountry::CountryCode::for_alpha3(value).is_ok(),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "is not an ISO 3166-1 country code (e.g. USA or US)",
        ))
    }
}

/// Checks a web-client locale: ISO 639-1 and an optional ISO 3166-1 alpha-2 region (`en`, `pt-BR`).
pub fn locale(value: &str) -> Result<(), Error> {
    let b = value.as_bytes();
    let lower = |c: &u8| c.is_ascii_lowercase();
    let upper = |c: &u8| c.is_ascii_uppercase();
    let ok = match b.len() {
        2 => b.iter().all(lower),
        5 => b[..2].iter().all(lower) && b[2] == b'-' && b[3..].iter().all(upper),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::validation(
            "web.locale",
            "must be a language code with an optional region, e.g. en or pt-BR",
        ))
    }
}

/// Checks a `YYYY-MM-DD` date that must exist in the calendar.
pub fn date(field: &str, value: &str) -> Result<(), Error> {
    let shape = value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-';
    if shape && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() {
        Ok(())
    } else {
        Err(Error::validation(field, "must be a date YYYY-MM-DD"))
    }
}

/// Checks an account create/update request.
pub fn account_request(r: &types::AccountRequest) -> Result<(), Error> {
    customer_internal_reference(r.customer_internal_reference.expose())?;
    if let Some(u) = &r.user_reference {
        user_reference(u.expose())?;
    }
    let key = &r.workflow_definition.key;
    let Some(key_number) = key.as_u64().filter(|k| (1..=999_999_999).contains(k)) else {
        return Err(Error::validation(
            "workflowDefinition.key",
            "must be a workflow definition key (a number from 1 to 999999999)",
        ));
    };
    if let Some(info) = crate::workflows::workflow(key_number)
        && info.user_reference_required
        && r.user_reference.as_ref().is_none_or(|u| u.is_empty())
    {
        // "Required for Screening to work", not a documented refusal: the platform decides
        // (screening does not run), so this is only a warning.
        tracing::warn!(
            workflow = key_number,
            "userReference is missing: this workflow's screening will not run"
        );
    }
    if let Some(v) = &r.reporting_criteria {
        max_len("reportingCriteria", v, MAX_URL_LEN)?;
    }
    if let Some(v) = &r.callback_url {
        url("callbackUrl", v)?;
    }
    if let Some(v) = &r.token_lifetime {
        token_lifetime(v)?;
    }
    if let Some(web) = &r.web {
        if let Some(v) = &web.success_url {
            url("web.successUrl", v)?;
        }
        if let Some(v) = &web.error_url {
            url("web.errorUrl", v)?;
        }
        if let Some(v) = &web.locale {
            locale(v)?;
        }
    }
    for (i, c) in r.workflow_definition.credentials.iter().enumerate() {
        if let Some(country) = &c.country {
            if country.values.is_empty() {
                return Err(Error::validation(
                    format!("workflowDefinition.credentials[{i}].country.values"),
                    "needs at least one country",
                ));
            }
            for v in &country.values {
                country_alpha3(
                    &format!("workflowDefinition.credentials[{i}].country.values"),
                    v,
                )?;
            }
        }
        if let Some(t) = &c.type_
            && t.values.is_empty()
        {
            return Err(Error::validation(
                format!("workflowDefinition.credentials[{i}].type.values"),
                "needs at least one type",
            ));
        }
    }
    if let Some(location) = r
        .user_consent
        .as_ref()
        .and_then(|c| c.user_location.as_ref())
    {
        country_alpha3("userConsent.userLocation.country", &location.country)?;
        if let Some(state) = &location.state {
            max_len("userConsent.userLocation.state", state, 100)?;
        }
    }
    Ok(())
}

/// Query parameters the web journey appends to `successUrl` and `errorUrl` (reference §13.1), so
/// the Portal refuses URLs that already carry them.
pub const RESERVED_REDIRECT_PARAMETERS: [&str; 5] = [
    "accountId",
    "workflowExecutionId",
    "customerInternalReference",
    "acquisitionStatus",
    "errorCode",
];

/// Jumio's Portal rules for a URL it calls or redirects to: HTTPS, a host name (not an IP
/// address), no port, no fragment, and for redirects none of the
/// [`RESERVED_REDIRECT_PARAMETERS`]. The client applies them only when it targets a real
/// region; a local receiver (`http://127.0.0.1:8080/callback`) is fine against a sandbox.
///
/// ```
/// use jumio_kyx::validate::portal_url;
/// assert!(portal_url("callbackUrl", "https://example.com/jumio", false).is_ok());
/// assert!(portal_url("callbackUrl", "http://example.com/jumio", false).is_err());
/// assert!(portal_url("callbackUrl", "https://10.0.0.1/jumio", false).is_err());
/// assert!(portal_url("web.successUrl", "https://example.com/ok?accountId=1", true).is_err());
/// ```
pub fn portal_url(field: &str, value: &str, redirect: bool) -> Result<(), Error> {
    let Ok(u) = reqwest::Url::parse(value) else {
        return Err(Error::validation(field, "must be an absolute URL"));
    };
    if u.scheme() != "https" {
        return Err(Error::validation(
            field,
            "must use https:// (Jumio's Portal rule)",
        ));
    }
    if !matches!(u.host(), Some(url::Host::Domain(_))) {
        return Err(Error::validation(
            field,
            "must name a host, not an IP address (Jumio's Portal rule)",
        ));
    }
    if u.port().is_some() {
        return Err(Error::validation(
            field,
            "must not name a port (Jumio's Portal rule)",
        ));
    }
    if u.fragment().is_some() {
        return Err(Error::validation(
            field,
            "must not have a fragment (Jumio's Portal rule)",
        ));
    }
    if redirect
        && u.query_pairs()
            .any(|(k, _)| RESERVED_REDIRECT_PARAMETERS.contains(&k.as_ref()))
    {
        return Err(Error::validation(
            field,
            "must not carry a query parameter the journey appends (accountId, workflowExecutionId, customerInternalReference, acquisitionStatus, errorCode)",
        ));
    }
    Ok(())
}

/// The Portal rules ([`portal_url`]) for every URL of an account request.
pub fn account_request_portal_rules(r: &types::AccountRequest) -> Result<(), Error> {
    if let Some(v) = &r.callback_url {
        portal_url("callbackUrl", v, false)?;
    }
    if let Some(web) = &r.web {
        if let Some(v) = &web.success_url {
            portal_url("web.successUrl", v, true)?;
        }
        if let Some(v) = &web.error_url {
            portal_url("web.errorUrl", v, true)?;
        }
    }
    Ok(())
}

fn lookup<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// Checks prepared data (dates, countries). With a workflow key, fields that workflow needs and
/// that are missing are logged as a warning: the platform accepts the upload and decides at
/// processing (its data capability does not run), so the client does not refuse it.
pub fn prepared_data(d: &types::PreparedData, workflow_key: Option<u64>) -> Result<(), Error> {
    if let Some(v) = &d.date_of_birth {
        date("dateOfBirth", v.expose())?;
    }
    if let Some(id) = &d.id {
        if let Some(v) = &id.issuing_date {
            date("id.issuingDate", v.expose())?;
        }
        if let Some(v) = &id.expiry_date {
            date("id.expiryDate", v.expose())?;
        }
    }
    if let Some(country) = d.address.as_ref().and_then(|a| a.country.as_deref()) {
        country_alpha2_or_3("address.country", country)?;
    }
    if let Some(info) = workflow_key.and_then(crate::workflows::workflow) {
        let json = serde_json::to_value(d).map_err(|e| {
            Error::configuration("prepared data cannot be serialised").with_source(e)
        })?;
        let missing: Vec<&str> = info
            .prepared_data
            .iter()
            .copied()
            .filter(|p| {
                lookup(&json, p)
                    .and_then(|v| v.as_str())
                    .is_none_or(str::is_empty)
            })
            .collect();
        if !missing.is_empty() {
            tracing::warn!(
                workflow = info.key,
                missing = %missing.join(", "),
                "prepared data lacks fields this workflow needs: its data capability will not run"
            );
        }
    }
    Ok(())
}

/// Checks a migration request.
pub fn migration_request(r: &types::MigrationRequest) -> Result<(), Error> {
    if r.scan_references.is_empty() {
        return Err(Error::validation(
            "scanReferences",
            "needs at least one scan reference",
        ));
    }
    for (i, s) in r.scan_references.iter().enumerate() {
        let field = format!("scanReferences[{i}]");
        if s.is_empty() || chars(s) > 100 {
            return Err(Error::validation(field, "must be 1 to 100 characters"));
        }
        // Each scan reference becomes a workflow execution id, read back through a URL path.
        id(&field, s)?;
    }
    if let Some(v) = &r.callback_url {
        url("callbackUrl", v)?;
    }
    Ok(())
}

/// The kind of an uploaded file, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A JPEG image.
    Jpeg,
    /// A PNG image.
    Png,
    /// Any bytes (facemaps).
    Binary,
}

impl FileKind {
    /// The MIME type sent with the part.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Binary => "application/octet-stream",
        }
    }
}

/// Checks an image by its header: JPEG or PNG magic bytes and at most 8000×8000 pixels.
/// `header` is the start of the file (the whole file for bytes).
pub fn image_header(field: &str, header: &[u8]) -> Result<FileKind, Error> {
    let kind = image_kind(field, header)?;
    header_size(field, imagesize::blob_size(header))?;
    Ok(kind)
}

/// An image's kind by its first bytes (the JPEG or PNG magic bytes).
pub(crate) fn image_kind(field: &str, first_bytes: &[u8]) -> Result<FileKind, Error> {
    if first_bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(FileKind::Jpeg)
    } else if first_bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Ok(FileKind::Png)
    } else {
        Err(Error::validation(
            field,
            "is not a JPEG or PNG image (judged by its first bytes)",
        ))
    }
}

/// Checks the dimensions `imagesize` read from an image's header.
pub(crate) fn header_size(
    field: &str,
    size: imagesize::ImageResult<imagesize::ImageSize>,
) -> Result<(), Error> {
    let size =
        size.map_err(|_| Error::validation(field, "has an image header that cannot be read"))?;
    image_size(field, size.width as u64, size.height as u64)
}

/// Checks image dimensions.
pub fn image_size(field: &str, width: u64, height: u64) -> Result<(), Error> {
    if width == 0 || height == 0 {
        return Err(Error::validation(field, "has no pixels"));
    }
    if width > MAX_IMAGE_SIDE as u64 || height > MAX_IMAGE_SIDE as u64 {
        return Err(Error::validation(
            field,
            format!(
                "is {width}x{height} pixels; at most {MAX_IMAGE_SIDE}x{MAX_IMAGE_SIDE} is accepted"
            ),
        ));
    }
    Ok(())
}

/// Whether a URL's host is this machine (`localhost`, `127.0.0.0/8`, `::1`): the one place plain
/// `http` is allowed (a sandbox), for base URLs and journey addresses alike.
pub(crate) fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Checks a file size against the limit.
pub fn upload_size(field: &str, len: u64, limit: u64) -> Result<(), Error> {
    if len == 0 {
        return Err(Error::validation(field, "is empty"));
    }
    if len > limit {
        return Err(Error::validation(
            field,
            format!("is {len} bytes; the upload limit is {limit} bytes"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert!(customer_internal_reference("order-1 [x=y]").is_ok());
        for bad in ["", "a/b", "a;b", "a%b", "a|b", "a`b"] {
            assert!(customer_internal_reference(bad).is_err(), "{bad}");
        }
        let e = customer_internal_reference("secret/value").unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
        assert!(
            customer_internal_reference(&"é".repeat(100)).is_ok(),
            "characters, not bytes"
        );
        assert!(customer_internal_reference(&"x".repeat(101)).is_err());
    }

    #[test]
    fn ids_are_checked_by_character() {
        assert!(id("id", "3fa85f64-5717-4562-b3fc-2c963f66afa6").is_ok());
        assert!(id("id", "NV-2019-000123").is_ok());
        // ASCII ids take a byte-wise path, others a char-wise one: both name the character.
        for (bad, at) in [
            ("a/b", 2),
            ("a\\b", 2),
            ("ab\u{7f}", 3),
            ("é/", 2),
            ("éé\u{85}", 3),
        ] {
            let e = id("id", bad).unwrap_err();
            assert!(
                e.to_string().contains(&format!("at position {at}")),
                "{bad:?}: {e}"
            );
        }
        assert!(id("id", "é-ü").is_ok());
        assert!(
            id("id", &"é".repeat(MAX_ID_LEN)).is_ok(),
            "characters, not bytes"
        );
        assert!(id("id", &"é".repeat(MAX_ID_LEN + 1)).is_err());
        assert!(id("id", &"x".repeat(MAX_ID_LEN)).is_ok());
        assert!(id("id", &"x".repeat(MAX_ID_LEN + 1)).is_err());
        // Every ASCII character, on the fast path for clean ids and off it: only separators and
        // control characters (DEL among them) are refused.
        for c in (0u8..0x80).map(char::from) {
            let refused = c == '/' || c == '\\' || c.is_ascii_control();
            assert_eq!(id("id", &format!("a{c}b")).is_err(), refused, "{c:?}");
            assert_eq!(id("id", &format!("é{c}")).is_err(), refused, "{c:?}");
        }
    }

    #[test]
    fn dates_countries_locales() {
        assert!(date("d", "1990-02-28").is_ok());
        assert!(date("d", "1990-02-30").is_err());
        assert!(date("d", "01/02/1990").is_err());
        assert!(country_alpha3("c", "USA").is_ok());
        assert!(country_alpha3("c", "XKX").is_ok());
        assert!(country_alpha3("c", "usa").is_err());
        assert!(country_alpha3("c", "ZZZ").is_err());
        assert!(locale("pt-BR").is_ok() && locale("en").is_ok());
        assert!(locale("english").is_err() && locale("pt-br").is_err());
    }
}
