//! The HTML the sandbox serves: the hosted web journey at `web.href` and the dashboard at
//! `/__sandbox/ui`.

pub(crate) mod dashboard;
pub(crate) mod web;
