//! The simulated platform: its state, the workflow lifecycle on an advanceable clock, decisions
//! and scenarios, callbacks, and what it reads from the spec (workflow templates, labels).

pub mod callbacks;
pub(crate) mod capture;
pub mod clock;
pub(crate) mod decisions;
pub(crate) mod ids;
pub(crate) mod journey;
pub(crate) mod lifecycle;
pub mod scenario;
pub(crate) mod snapshot;
pub(crate) mod spec;
pub mod state;
pub(crate) mod tracked;
pub(crate) mod transaction_token;
