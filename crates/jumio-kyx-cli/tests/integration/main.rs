//! kyx's integration tests, one binary: the commands against golden output, hostile servers, and
//! resumable migration.

mod support;

mod cli;
mod hostile;
mod migrate_resume;
