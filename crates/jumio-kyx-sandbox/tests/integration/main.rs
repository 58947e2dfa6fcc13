//! The sandbox's integration tests, one binary: a module per concern, every test against a real
//! sandbox over HTTP.

mod support;

mod accounts_and_auth;
mod acquisition_and_retrieval;
mod callbacks_and_faults;
mod container;
mod decisions;
mod determinism;
mod fuzzing_target;
mod journal_assertions;
mod migration;
mod security;
mod seed_replay;
mod state;
mod web_sdk;
