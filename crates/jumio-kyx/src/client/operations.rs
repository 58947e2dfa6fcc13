//! One method per operation of the spec: its pre-flight checks, then the call driver.

use super::driver::Call;
use super::{Client, Download, ids};
use crate::error::{self, Error};
use crate::retry::Idempotency;
use crate::upload::ImageSource;
use crate::{types, validate};

impl Client {
    // -------------------------------------------------------------------------------- accounts

    /// `createAccount`: creates an account and starts a workflow execution. Validated before
    /// sending; re-sent only when it provably was not processed (no connection, or a 429): KYX
    /// has no idempotency key. The transaction token of the new workflow is remembered for its
    /// uploads and finalize.
    pub async fn create_account(
        &self,
        request: &types::AccountRequest,
    ) -> Result<types::AccountResponse, Error> {
        self.check_account_request(request)?;
        let account = self
            .send_json(Call::to("create_account"), || {
                self.raw.create_account(request)
            })
            .await?;
        self.remember_tokens(&account);
        Ok(account)
    }

    /// `updateAccount`: starts a new workflow execution on an existing account. Like
    /// [`Client::create_account`], re-sent only when it provably was not processed.
    pub async fn update_account(
        &self,
        account_id: &str,
        request: &types::AccountRequest,
    ) -> Result<types::AccountResponse, Error> {
        ids(&[("account_id", account_id)])?;
        self.check_account_request(request)?;
        let account = self
            .send_json(Call::to("update_account"), || {
                self.raw.update_account(account_id, request)
            })
            .await?;
        self.remember_tokens(&account);
        Ok(account)
    }

    /// The checks of an account request before it is sent: the documented rules, and the
    /// Portal's URL rules when the client targets a real region.
    pub(crate) fn check_account_request(
        &self,
        request: &types::AccountRequest,
    ) -> Result<(), Error> {
        validate::account_request(request)?;
        if self.config.portal_rules {
            validate::account_request_portal_rules(request)?;
        }
        Ok(())
    }

    pub(super) fn remember_tokens(&self, account: &types::AccountResponse) {
        let token = account
            .workflow_execution
            .credentials
            .iter()
            .flatten()
            .find_map(|c| c.api.as_ref()?.token.clone());
        if let Some(t) = token {
            self.state()
                .remember_transaction_token(&account.workflow_execution.id, t);
        }
    }

    // ----------------------------------------------------------------------------- acquisition

    /// `uploadPart`: uploads FRONT, BACK or FACE (JPEG or PNG, checked first) or, for workflow
    /// 16, a binary FACEMAP. Files are streamed; retried on 429/5xx/transport failures (except
    /// from a reader, which cannot be replayed).
    pub async fn upload_part(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        classifier: types::UploadClassifier,
        file: ImageSource,
    ) -> Result<types::PartUploadResponse, Error> {
        self.send_part(
            false,
            account_id,
            workflow_execution_id,
            credential_id,
            classifier,
            file,
        )
        .await
    }

    /// `replacePart`: replaces an uploaded part (same checks as [`Client::upload_part`]).
    pub async fn replace_part(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        classifier: types::UploadClassifier,
        file: ImageSource,
    ) -> Result<types::PartUploadResponse, Error> {
        self.send_part(
            true,
            account_id,
            workflow_execution_id,
            credential_id,
            classifier,
            file,
        )
        .await
    }

    pub(super) async fn send_part(
        &self,
        replace: bool,
        account_id: &str,
        workflow_id: &str,
        credential_id: &str,
        classifier: types::UploadClassifier,
        file: ImageSource,
    ) -> Result<types::PartUploadResponse, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_id),
            ("credential_id", credential_id),
        ])?;
        if classifier.is_unknown() {
            return Err(Error::validation(
                "classifier",
                "must be FRONT, BACK, FACE or FACEMAP",
            ));
        }
        let image = classifier != types::UploadClassifier::Facemap;
        let field = classifier.as_str().to_ascii_lowercase();
        let limit = self.config.max_upload_bytes;
        let inspected = file.inspect(&field, limit, image).await?;
        let mut call = Call::to(if replace {
            "replace_part"
        } else {
            "upload_part"
        })
        .for_workflow(workflow_id);
        if file.idempotency() == Idempotency::Once {
            call.idempotency = Idempotency::Once;
        }
        let rv = self
            .call(call, || async {
                let part = file.part(&inspected, limit).await?;
                let sent = if replace {
                    self.raw
                        .replace_part(account_id, workflow_id, credential_id, &classifier, part)
                        .await
                } else {
                    self.raw
                        .upload_part(account_id, workflow_id, credential_id, &classifier, part)
                        .await
                };
                sent.map_err(error::from_generated::<types::PartUploadResponse>)
            })
            .await?;
        Ok(rv.into_inner())
    }

    /// `uploadPreparedData`: uploads prepared data for a DATA credential. With `workflow_key`,
    /// the fields that workflow requires are checked first.
    pub async fn upload_prepared_data(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        data: &types::PreparedData,
        workflow_key: Option<u64>,
    ) -> Result<types::PartUploadResponse, Error> {
        self.send_prepared_data(
            false,
            account_id,
            workflow_execution_id,
            credential_id,
            data,
            workflow_key,
        )
        .await
    }

    /// `replacePreparedData`: replaces prepared data uploaded before.
    pub async fn replace_prepared_data(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        data: &types::PreparedData,
        workflow_key: Option<u64>,
    ) -> Result<types::PartUploadResponse, Error> {
        self.send_prepared_data(
            true,
            account_id,
            workflow_execution_id,
            credential_id,
            data,
            workflow_key,
        )
        .await
    }

    pub(super) async fn send_prepared_data(
        &self,
        replace: bool,
        account_id: &str,
        workflow_id: &str,
        credential_id: &str,
        data: &types::PreparedData,
        workflow_key: Option<u64>,
    ) -> Result<types::PartUploadResponse, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_id),
            ("credential_id", credential_id),
        ])?;
        validate::prepared_data(data, workflow_key)?;
        let id = if replace {
            "replace_prepared_data"
        } else {
            "upload_prepared_data"
        };
        self.send_json(Call::to(id).for_workflow(workflow_id), || async {
            if replace {
                self.raw
                    .replace_prepared_data(account_id, workflow_id, credential_id, data)
                    .await
            } else {
                self.raw
                    .upload_prepared_data(account_id, workflow_id, credential_id, data)
                    .await
            }
        })
        .await
    }

    /// `finalizeWorkflow`: sends the acquired data to processing.
    pub async fn finalize_workflow(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
    ) -> Result<types::FinalizeResponse, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_execution_id),
        ])?;
        let call = Call::to("finalize_workflow").for_workflow(workflow_execution_id);
        self.send_json(call, || {
            self.raw
                .finalize_workflow(account_id, workflow_execution_id)
        })
        .await
    }

    // ------------------------------------------------------------------------------- retrieval

    /// `downloadPart`: streams an acquired part (up to the client's `max_download_bytes`, when
    /// set).
    pub async fn download_part(
        &self,
        account_id: &str,
        credential_id: &str,
        classifier: types::PartClassifier,
    ) -> Result<Download, Error> {
        ids(&[
            ("account_id", account_id),
            ("credential_id", credential_id),
            ("classifier", classifier.as_str()),
        ])?;
        let rv = self
            .send_raw(Call::to("download_part"), || {
                self.raw
                    .download_part(account_id, credential_id, &classifier)
            })
            .await?;
        Ok(Download::from_response(rv))
    }

    // ------------------------------------------------------------------------------- migration

    /// `createMigration`: migrates legacy scans into a new account. Re-sent only when it provably
    /// was not processed (no connection, or a 429). Documented failures come back as
    /// [`ErrorKind::Migration`](crate::ErrorKind::Migration) with the scan references they name.
    pub async fn create_migration(
        &self,
        request: &types::MigrationRequest,
    ) -> Result<types::MigrationResponse, Error> {
        self.check_migration_request(request)?;
        self.send_json(Call::to("create_migration"), || {
            self.raw.create_migration(request)
        })
        .await
    }

    /// `updateMigration`: migrates more legacy scans into an existing account. Like
    /// [`Client::create_migration`], re-sent only when it provably was not processed.
    pub async fn update_migration(
        &self,
        account_id: &str,
        request: &types::MigrationRequest,
    ) -> Result<types::MigrationResponse, Error> {
        ids(&[("account_id", account_id)])?;
        self.check_migration_request(request)?;
        self.send_json(Call::to("update_migration"), || {
            self.raw.update_migration(account_id, request)
        })
        .await
    }

    pub(super) fn check_migration_request(
        &self,
        request: &types::MigrationRequest,
    ) -> Result<(), Error> {
        validate::migration_request(request)?;
        if self.config.portal_rules
            && let Some(url) = &request.callback_url
        {
            validate::portal_url("callbackUrl", url, false)?;
        }
        Ok(())
    }
}
