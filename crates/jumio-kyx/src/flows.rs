//! High-level flows: run a whole verification through the API channel, and wait for its result.

use std::time::{Duration, Instant};

use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::lenient::WorkflowKey;
use crate::redact::Pii;
use crate::types::{self, CredentialCategory, UploadClassifier};
use crate::upload::ImageSource;
use crate::validate;

/// An ID + identity verification: an ID document (front, optional back) and a selfie.
///
/// ```no_run
/// # async fn f(client: jumio_kyx::Client) -> Result<(), jumio_kyx::Error> {
/// use jumio_kyx::{IdentityVerification, ImageSource, WaitOptions};
/// let started = client
///     .run_identity_verification(
///         IdentityVerification::new("order-42", ImageSource::path("front.jpg"), ImageSource::path("selfie.jpg"))
///             .back(ImageSource::path("back.jpg"))
///             .callback_url("https://example.com/jumio/callback"),
///     )
///     .await?;
/// let status = client.wait_for_completion(started.account_id(), started.workflow_execution_id(), WaitOptions::default()).await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct IdentityVerification {
    /// Your reference for the transaction (no personal data).
    pub customer_internal_reference: Pii,
    /// The workflow (default 10011, Standalone ID and Identity Verification).
    pub workflow_key: WorkflowKey,
    /// The ID's front.
    pub front: ImageSource,
    /// The ID's back, for documents that have one.
    pub back: Option<ImageSource>,
    /// The selfie.
    pub selfie: ImageSource,
    /// Your reference for the end user (no personal data).
    pub user_reference: Option<Pii>,
    /// Where the callback goes.
    pub callback_url: Option<String>,
    /// How long the transaction may take (`30m`).
    pub token_lifetime: Option<String>,
}

impl IdentityVerification {
    /// A verification with the front of an ID and a selfie, on workflow 10011.
    pub fn new(
        customer_internal_reference: impl Into<String>,
        front: ImageSource,
        selfie: ImageSource,
    ) -> Self {
        Self {
            customer_internal_reference: Pii::new(customer_internal_reference),
            workflow_key: WorkflowKey::STANDALONE_ID_AND_IDENTITY_VERIFICATION,
            front,
            back: None,
            selfie,
            user_reference: None,
            callback_url: None,
            token_lifetime: None,
        }
    }

    /// Adds the ID's back.
    pub fn back(mut self, back: ImageSource) -> Self {
        self.back = Some(back);
        self
    }

    /// Sets the workflow key (any ID + selfie workflow: 3, 10011, 10013, a tenant's own).
    pub fn workflow(mut self, key: impl Into<WorkflowKey>) -> Self {
        self.workflow_key = key.into();
        self
    }

    /// Sets the user reference.
    pub fn user_reference(mut self, r: impl Into<String>) -> Self {
        self.user_reference = Some(Pii::new(r));
        self
    }

    /// Sets the callback URL.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }

    /// Sets the token lifetime.
    pub fn token_lifetime(mut self, lifetime: impl Into<String>) -> Self {
        self.token_lifetime = Some(lifetime.into());
        self
    }

    fn request(&self) -> types::AccountRequest {
        let mut r = types::AccountRequest::new(
            self.customer_internal_reference.expose(),
            self.workflow_key.clone(),
        );
        r.user_reference = self.user_reference.clone();
        r.callback_url = self.callback_url.clone();
        r.token_lifetime = self.token_lifetime.clone();
        r
    }
}

/// A verification from prepared data (watchlist screening 10010, CPF 10005, DL 10008, …).
#[derive(Debug)]
pub struct PreparedDataVerification {
    /// Your reference for the transaction (no personal data).
    pub customer_internal_reference: Pii,
    /// The workflow.
    pub workflow_key: WorkflowKey,
    /// Your reference for the end user (required by 10010).
    pub user_reference: Option<Pii>,
    /// The end user's data.
    pub data: types::PreparedData,
    /// Where the callback goes.
    pub callback_url: Option<String>,
}

impl PreparedDataVerification {
    /// A watchlist screening (workflow 10010) of the given data.
    pub fn screening(
        customer_internal_reference: impl Into<String>,
        user_reference: impl Into<String>,
        data: types::PreparedData,
    ) -> Self {
        Self {
            customer_internal_reference: Pii::new(customer_internal_reference),
            workflow_key: WorkflowKey::STANDALONE_WATCHLIST_SCREENING,
            user_reference: Some(Pii::new(user_reference)),
            data,
            callback_url: None,
        }
    }

    /// Sets the callback URL.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }
}

/// A workflow execution the client started and finalized.
#[derive(Clone, Debug)]
pub struct StartedWorkflow {
    /// The account creation answer (credentials, hrefs).
    pub account: types::AccountResponse,
}

impl StartedWorkflow {
    /// The account id.
    pub fn account_id(&self) -> &str {
        self.account.account_id()
    }

    /// The workflow execution id.
    pub fn workflow_execution_id(&self) -> &str {
        self.account.workflow_execution_id()
    }
}

/// When to poll the status.
#[derive(Clone, Debug, PartialEq)]
pub enum PollSchedule {
    /// Jumio's recommendation: 40, 60, 100, 160, 240, 340, 460, 600, 760 and 940 seconds after
    /// the wait starts, at most ten polls.
    Documented,
    /// The documented schedule with every time multiplied by a factor (0.01 polls after 0.4 s,
    /// 0.6 s, …; for a sandbox).
    Scaled(f64),
    /// A poll at each interval, until the deadline.
    Every(Duration),
}

/// The documented polling times, in seconds after acquisition.
pub const DOCUMENTED_POLL_TIMES: [u64; 10] = [40, 60, 100, 160, 240, 340, 460, 600, 760, 940];

impl PollSchedule {
    /// The time after the start of the wait of poll number `n` (0-based), or `None` when the
    /// schedule has no more polls.
    pub fn poll_at(&self, n: usize) -> Option<Duration> {
        match self {
            Self::Documented => DOCUMENTED_POLL_TIMES
                .get(n)
                .map(|s| Duration::from_secs(*s)),
            // A factor that is not a finite positive number ends the schedule (never panics).
            Self::Scaled(f) => DOCUMENTED_POLL_TIMES
                .get(n)
                .and_then(|s| Duration::try_from_secs_f64(*s as f64 * f).ok()),
            Self::Every(d) => {
                Some(d.saturating_mul(u32::try_from(n).unwrap_or(u32::MAX).saturating_add(1)))
            }
        }
    }

    /// Checks a schedule a caller gave: a scale factor finite and more than zero (at most
    /// 100), an interval more than zero and at most 30 days.
    pub fn validate(&self) -> Result<(), Error> {
        match self {
            Self::Documented => Ok(()),
            Self::Scaled(f) if f.is_finite() && *f > 0.0 && *f <= 100.0 => Ok(()),
            Self::Scaled(_) => Err(Error::validation(
                "schedule_scale",
                "must be a finite number more than 0 and at most 100",
            )),
            Self::Every(d) => {
                validate::duration("poll_interval", *d, validate::MAX_CALLER_DURATION).map(|_| ())
            }
        }
    }
}

/// How [`Client::wait_for_completion`] waits.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitOptions {
    /// When to poll.
    pub schedule: PollSchedule,
    /// Give up after this long (default 16 minutes, past the documented schedule; more than
    /// zero, at most 30 days).
    pub deadline: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            schedule: PollSchedule::Documented,
            deadline: Duration::from_secs(16 * 60),
        }
    }
}

/// A credential's id; without one, a validation error saying what the workflow lacks
/// (`detail`).
fn credential_id(
    credential: Option<&types::CredentialAcquisition>,
    workflow: &WorkflowKey,
    detail: &str,
) -> Result<String, Error> {
    let missing =
        || Error::new(ErrorKind::Validation).with_detail(format!("workflow {workflow} {detail}"));
    Ok(credential.ok_or_else(missing)?.id.clone())
}

impl Client {
    /// Runs an ID + identity verification through the API channel: checks every image first
    /// (nothing is created if one is unusable), creates the account, uploads front, back and
    /// selfie, and finalizes. Then wait for the callback or [`Client::wait_for_completion`].
    pub async fn run_identity_verification(
        &self,
        v: IdentityVerification,
    ) -> Result<StartedWorkflow, Error> {
        let request = v.request();
        self.check_account_request(&request)?;
        let limit = self.max_upload_bytes();
        v.front.inspect("front", limit, true).await?;
        if let Some(b) = &v.back {
            b.inspect("back", limit, true).await?;
        }
        v.selfie.inspect("selfie", limit, true).await?;
        let account = self.create_account(&request).await?;
        let (a, w) = (
            account.account_id().to_string(),
            account.workflow_execution_id().to_string(),
        );
        let api_credential = |category: CredentialCategory| {
            let c = account.credential(&category).filter(|c| c.api.is_some());
            let takes = format!("does not take {category} images through the API channel");
            credential_id(c, &v.workflow_key, &takes)
        };
        let id = api_credential(CredentialCategory::Id)?;
        let selfie = api_credential(CredentialCategory::Selfie)?;
        self.upload_part(&a, &w, &id, UploadClassifier::Front, v.front)
            .await?;
        if let Some(back) = v.back {
            self.upload_part(&a, &w, &id, UploadClassifier::Back, back)
                .await?;
        }
        self.upload_part(&a, &w, &selfie, UploadClassifier::Face, v.selfie)
            .await?;
        self.finalize_workflow(&a, &w).await?;
        Ok(StartedWorkflow { account })
    }

    /// Runs a prepared-data verification: checks the data against the workflow's required
    /// fields, creates the account, uploads the data and finalizes.
    pub async fn run_prepared_data_verification(
        &self,
        v: PreparedDataVerification,
    ) -> Result<StartedWorkflow, Error> {
        let mut request = types::AccountRequest::new(
            v.customer_internal_reference.expose(),
            v.workflow_key.clone(),
        );
        request.user_reference = v.user_reference.clone();
        request.callback_url = v.callback_url.clone();
        self.check_account_request(&request)?;
        let key = v.workflow_key.as_u64();
        validate::prepared_data(&v.data, key)?;
        let account = self.create_account(&request).await?;
        let (a, w) = (
            account.account_id().to_string(),
            account.workflow_execution_id().to_string(),
        );
        let data = account.credential(&CredentialCategory::Data);
        let credential = credential_id(data, &v.workflow_key, "has no DATA credential")?;
        self.upload_prepared_data(&a, &w, &credential, &v.data, key)
            .await?;
        self.finalize_workflow(&a, &w).await?;
        Ok(StartedWorkflow { account })
    }

    /// Polls the status on the schedule until the workflow is PROCESSED, SESSION_EXPIRED or
    /// TOKEN_EXPIRED, and returns that status; a [`ErrorKind::Timeout`](crate::ErrorKind::Timeout)
    /// error when the schedule or the deadline runs out first. Prefer callbacks; this is for
    /// scripts and tests.
    pub async fn wait_for_completion(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        options: WaitOptions,
    ) -> Result<types::WorkflowStatusResponse, Error> {
        validate::id("account_id", account_id)?;
        validate::id("workflow_execution_id", workflow_execution_id)?;
        options.schedule.validate()?;
        validate::duration("deadline", options.deadline, validate::MAX_CALLER_DURATION)?;
        let started = Instant::now();
        let end = started.checked_add(options.deadline);
        for n in 0.. {
            let Some(at) = options.schedule.poll_at(n) else {
                break;
            };
            let Some(when) = started
                .checked_add(at)
                .filter(|w| end.is_some_and(|e| *w <= e))
            else {
                break;
            };
            tokio::time::sleep_until(when.into()).await;
            let status = self
                .get_workflow_status(account_id, workflow_execution_id)
                .await?;
            if status.workflow_execution.status.is_final() {
                return Ok(status);
            }
        }
        Err(Error::new(ErrorKind::Timeout)
            .with_detail("the workflow did not finish within the polling schedule")
            .with_operation("getWorkflowStatus"))
    }
}
