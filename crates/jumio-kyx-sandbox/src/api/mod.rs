//! The platform's HTTP API as Jumio documents it: the router and its middleware (hosts, faults,
//! rate limits, request log), OAuth2, accounts, parts, retrieval, migration, the report, the
//! Web SDK API (`websdk`), and the problem answers.

pub(crate) mod accounts;
pub(crate) mod auth;
pub(crate) mod migration;
pub(crate) mod parts;
pub(crate) mod problem;
pub(crate) mod report;
pub(crate) mod request;
pub(crate) mod retrieval;
pub(crate) mod server;
pub(crate) mod websdk;
