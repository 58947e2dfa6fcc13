//! The control API under `/__sandbox/`: the operations ([`operations`]), the same by name for the
//! Python and Node packages ([`by_name`]), and their HTTP routes ([`routes`]). The operations are
//! also methods of [`crate::RunningSandbox`] for in-process use.

pub(crate) mod by_name;
pub(crate) mod operations;
pub(crate) mod routes;

pub use by_name::CONTROL_OPERATIONS;
pub use operations::Migrated;
