//! Which host serves which operation.
//!
//! KYX spreads its API over five host families per region (`auth.`, `account.`, `api.`,
//! `retrieval.`, `status.`). The spec tags every operation with its family and `build.rs` turns
//! the tags into [`OPERATIONS`]; the client's request hook rewrites each request's base URL from
//! it. A sandbox serves every family on one URL ([`BaseUrls::single`]).

use std::fmt;

/// A family of KYX hosts, one per concern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HostFamily {
    /// `auth.{region}.jumio.ai`: OAuth2 tokens.
    Auth,
    /// `account.{region}.jumio.ai`: account create/update, migration.
    Account,
    /// `api.{region}.jumio.ai`: part upload, finalize.
    Api,
    /// `retrieval.{region}.jumio.ai`: status, details, steps, downloads, deletion.
    Retrieval,
    /// `status.{region}.jumio.ai`: health check.
    Status,
}

impl HostFamily {
    /// Every family.
    pub const ALL: [HostFamily; 5] = [
        Self::Auth,
        Self::Account,
        Self::Api,
        Self::Retrieval,
        Self::Status,
    ];

    /// The family's name, which is also its tag in the spec and its host prefix.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::Account => "account",
            Self::Api => "api",
            Self::Retrieval => "retrieval",
            Self::Status => "status",
        }
    }
}

impl fmt::Display for HostFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The Rust name (the spec's operationId in snake_case), as in `OperationInfo::operation_id`.
    pub id: &'static str,
    /// The spec's operationId.
    pub spec_id: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: &'static str,
    /// Host family (the operation's tag).
    pub family: HostFamily,
    /// `false` for the multipart operations, which are hand-written in `multipart.rs`.
    pub generated: bool,
    /// Whether the operation may be repeated (`x-kyx-idempotency` in the spec).
    pub idempotency: crate::retry::Idempotency,
    /// What its success response carries.
    pub body: ResponseBody,
}

/// What an operation's success response carries (from the spec's 200 response).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseBody {
    /// A JSON document, read whole (up to the client's response limit).
    Json,
    /// Bytes to stream (a part download).
    Stream,
    /// Nothing.
    Empty,
}

include!(concat!(env!("OUT_DIR"), "/operations.rs"));

/// Looks an operation up by its Rust name (`"get_workflow_status"`).
///
/// ```
/// use jumio_kyx::routing::{operation, HostFamily};
/// assert_eq!(operation("finalize_workflow").unwrap().family, HostFamily::Api);
/// assert_eq!(operation("get_workflow_details").unwrap().family, HostFamily::Retrieval);
/// ```
pub fn operation(id: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.id == id)
}

/// A KYX region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Region {
    /// US, `amer-1`.
    Us,
    /// EU, `emea-1`.
    Eu,
    /// Singapore / APAC, `apac-1`.
    Sg,
}

impl Region {
    /// Every region.
    pub const ALL: [Region; 3] = [Self::Us, Self::Eu, Self::Sg];

    /// The region id used in host names (`amer-1`, `emea-1`, `apac-1`).
    pub fn id(self) -> &'static str {
        match self {
            Self::Us => "amer-1",
            Self::Eu => "emea-1",
            Self::Sg => "apac-1",
        }
    }

    /// The label the docs use (`US`, `EU`, `SG`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Us => "US",
            Self::Eu => "EU",
            Self::Sg => "SG",
        }
    }

    /// The base URL of a host family in this region.
    ///
    /// ```
    /// use jumio_kyx::routing::{HostFamily, Region};
    /// assert_eq!(Region::Eu.base_url(HostFamily::Retrieval), "https://retrieval.emea-1.jumio.ai");
    /// ```
    pub fn base_url(self, family: HostFamily) -> String {
        format!("https://{}.{}.jumio.ai", family.as_str(), self.id())
    }
}

impl std::str::FromStr for Region {
    type Err = String;

    /// Accepts the doc labels (`US`, `EU`, `SG`) and the region ids (`amer-1`, …), any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "us" | "amer-1" | "amer" => Ok(Self::Us),
            "eu" | "emea-1" | "emea" => Ok(Self::Eu),
            "sg" | "sgp" | "apac-1" | "apac" => Ok(Self::Sg),
            _ => Err(format!(
                "unknown region {s:?}: expected US, EU or SG (amer-1, emea-1, apac-1)"
            )),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The base URL of every host family (no trailing slash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrls {
    urls: [String; 5],
}

impl BaseUrls {
    /// The hosts of a region.
    pub fn region(region: Region) -> Self {
        Self {
            urls: HostFamily::ALL.map(|f| region.base_url(f)),
        }
    }

    /// One URL for every family, as a sandbox serves them.
    pub fn single(url: &str) -> Self {
        let url = url.trim_end_matches('/').to_string();
        Self {
            urls: [url.clone(), url.clone(), url.clone(), url.clone(), url],
        }
    }

    /// Replaces the URL of one family.
    pub fn with(mut self, family: HostFamily, url: &str) -> Self {
        self.urls[family as usize] = url.trim_end_matches('/').to_string();
        self
    }

    /// The base URL of a family.
    pub fn get(&self, family: HostFamily) -> &str {
        &self.urls[family as usize]
    }

    /// Every (family, URL) pair.
    pub fn iter(&self) -> impl Iterator<Item = (HostFamily, &str)> {
        HostFamily::ALL.into_iter().map(|f| (f, self.get(f)))
    }
}

/// The URLs the way a user configures them: `region US`, `base URL http://127.0.0.1:4010`, or
/// each family's URL when they were set one by one.
///
/// ```
/// use jumio_kyx::routing::{BaseUrls, Region};
/// assert_eq!(BaseUrls::region(Region::Us).to_string(), "region US");
/// assert_eq!(BaseUrls::single("http://127.0.0.1:4010/").to_string(), "base URL http://127.0.0.1:4010");
/// ```
impl fmt::Display for BaseUrls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = Region::ALL.into_iter().find(|r| *self == Self::region(*r)) {
            return write!(f, "region {}", r.label());
        }
        if self.urls.iter().all(|u| *u == self.urls[0]) {
            return write!(f, "base URL {}", self.urls[0]);
        }
        for (i, (family, url)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} {url}", family.as_str())?;
        }
        Ok(())
    }
}
