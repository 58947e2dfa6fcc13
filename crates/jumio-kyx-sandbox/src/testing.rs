//! A sandbox per test and a client bound to it, in one call; closed when dropped. Processing is
//! immediate unless the settings say otherwise, and each test has its own sandbox (its own port
//! and state), so tests run in parallel without sharing anything.
//!
//! ```no_run
//! # async fn f() {
//! use jumio_kyx_sandbox::testing::TestSandbox;
//! use serde_json::json;
//!
//! let kyx = TestSandbox::start().await;
//! let request = jumio_kyx::types::AccountRequest::new("order-42", jumio_kyx::WorkflowKey::ID_AND_IDENTITY_VERIFICATION);
//! kyx.client.create_account(&request).await.unwrap();
//! kyx.sandbox.assert_requested("createAccount", 1, &[("workflowDefinition.key", json!(3))]);
//! # }
//! ```

use crate::{RunningSandbox, SandboxConfig, Settings};

/// A sandbox for one test and a client of it.
pub struct TestSandbox {
    /// The sandbox (its control API: clock, scenarios, faults, the request journal's assertions).
    pub sandbox: RunningSandbox,
    /// A client pointed at it, with test credentials and user agent.
    pub client: jumio_kyx::Client,
}

impl TestSandbox {
    /// A sandbox that processes at once (`processing_delay_ms` 0) and a client of it.
    pub async fn start() -> Self {
        Self::with_settings(Settings {
            processing_delay_ms: 0,
            ..Settings::default()
        })
        .await
    }

    /// A sandbox with these run-time settings.
    pub async fn with_settings(settings: Settings) -> Self {
        Self::with_config(SandboxConfig {
            settings,
            ..SandboxConfig::default()
        })
        .await
    }

    /// A sandbox with this configuration (a seed, a frozen clock, …). Panics when it cannot
    /// start: a test cannot go on without it.
    pub async fn with_config(config: SandboxConfig) -> Self {
        let sandbox = RunningSandbox::start(config)
            .await
            .unwrap_or_else(|e| panic!("the test sandbox cannot start: {e}"));
        let client = jumio_kyx::Client::builder()
            .base_url(sandbox.url())
            .credentials("test-client", "test-secret")
            .user_agent("jumio-kyx-sandbox tests/1.0")
            .build()
            .unwrap_or_else(|e| panic!("the test client cannot be built: {e}"));
        Self { sandbox, client }
    }
}

impl std::ops::Deref for TestSandbox {
    type Target = RunningSandbox;
    fn deref(&self) -> &RunningSandbox {
        &self.sandbox
    }
}
