//! Constructors for the request bodies people write most and accessors for the answers they
//! read most, on the generated types (capability summaries have their own module).

use crate::lenient::WorkflowKey;
use crate::redact::Pii;
use crate::types::*;

impl AccountRequest {
    /// An account request for a workflow, with everything optional left out.
    ///
    /// ```
    /// use jumio_kyx::{types::AccountRequest, WorkflowKey};
    /// let mut request = AccountRequest::new("order-42", WorkflowKey::STANDALONE_WATCHLIST_SCREENING);
    /// request.user_reference = Some("user-7".into());
    /// request.callback_url = Some("https://example.com/jumio/callback".into());
    /// ```
    pub fn new(
        customer_internal_reference: impl Into<String>,
        workflow: impl Into<WorkflowKey>,
    ) -> Self {
        Self {
            customer_internal_reference: Pii::new(customer_internal_reference),
            workflow_definition: WorkflowDefinition::new(workflow),
            user_reference: None,
            reporting_criteria: None,
            callback_url: None,
            token_lifetime: None,
            web: None,
            user_consent: None,
            override_settings: None,
            extra: Default::default(),
        }
    }
}

impl WorkflowDefinition {
    /// A workflow definition with only its key.
    pub fn new(key: impl Into<WorkflowKey>) -> Self {
        Self {
            key: key.into(),
            credentials: Vec::new(),
            capabilities: None,
            extra: Default::default(),
        }
    }
}

impl MigrationRequest {
    /// A migration of these scan references.
    pub fn new<S: Into<String>>(scan_references: impl IntoIterator<Item = S>) -> Self {
        Self {
            scan_references: scan_references.into_iter().map(Into::into).collect(),
            callback_url: None,
            extra: Default::default(),
        }
    }
}

impl AccountResponse {
    /// The account id.
    pub fn account_id(&self) -> &str {
        &self.account.id
    }

    /// The new workflow execution's id.
    pub fn workflow_execution_id(&self) -> &str {
        &self.workflow_execution.id
    }

    /// The hosted journey's address, checked: where to send the end user's browser (see
    /// [`crate::web::journey_url`]).
    pub fn journey_url(&self) -> Result<url::Url, crate::Error> {
        crate::web::journey_url(self)
    }

    /// The first credential of a category.
    pub fn credential(&self, category: &CredentialCategory) -> Option<&CredentialAcquisition> {
        self.workflow_execution
            .credentials
            .iter()
            .flatten()
            .find(|c| &c.category == category)
    }
}

impl WorkflowStatus {
    /// Whether the workflow has ended: PROCESSED, SESSION_EXPIRED or TOKEN_EXPIRED.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Processed | Self::SessionExpired | Self::TokenExpired
        )
    }
}

impl WorkflowDetails {
    /// The overall decision type, if the workflow was decided.
    pub fn decision_type(&self) -> Option<&DecisionType> {
        self.decision.as_ref().map(|d| &d.type_)
    }

    /// The risk score, if the workflow was decided.
    pub fn risk_score(&self) -> Option<f64> {
        self.decision.as_ref()?.risk.as_ref()?.score
    }
}

impl CallbackPayload {
    /// A key that is the same for every delivery of the same event (the workflow execution and
    /// its status; `callbackSentAt` changes between retries), to process each event once.
    pub fn dedupe_key(&self) -> String {
        format!(
            "{}:{}",
            self.workflow_execution.id, self.workflow_execution.status
        )
    }
}
