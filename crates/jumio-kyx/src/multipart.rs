//! The multipart operations `uploadPart` and `replacePart`, written by hand because progenitor
//! cannot generate multipart bodies (`build.rs` removes them from the spec before generating).
//!
//! They follow the generated builder idiom (setters, then `send()`), reuse the generated types
//! and go through the same hooks (`pre`, `exec`, `post`) as every generated operation.

use progenitor_client::{ClientHooks, Error, OperationInfo, ResponseValue, encode_path};

use crate::generated::Client;
use crate::types;

impl Client {
    /// `POST …/credentials/{credentialId}/parts/{classifier}`: uploads an image part as the
    /// multipart field `file` (operation `uploadPart`).
    ///
    /// ```no_run
    /// # async fn f(client: &jumio_kyx::generated::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use jumio_kyx::types::UploadClassifier;
    /// let file = reqwest::multipart::Part::bytes(std::fs::read("front.jpg")?)
    ///     .file_name("front.jpg")
    ///     .mime_str("image/jpeg")?;
    /// let response = client
    ///     .upload_part()
    ///     .account_id("11111111-1111-1111-1111-aaaaaaaaaaaa")
    ///     .workflow_execution_id("22222222-2222-2222-2222-aaaaaaaaaaaa")
    ///     .credential_id("33333333-3333-3333-aaaaaaaaaaaa")
    ///     .classifier(UploadClassifier::Front)
    ///     .file(file)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn upload_part(&self) -> UploadPart<'_> {
        UploadPart::new(self, reqwest::Method::POST, "upload_part")
    }

    /// `PUT …/credentials/{credentialId}/parts/{classifier}`: replaces an uploaded image part
    /// (operation `replacePart`). Same builder as [`Client::upload_part`].
    pub fn replace_part(&self) -> UploadPart<'_> {
        UploadPart::new(self, reqwest::Method::PUT, "replace_part")
    }
}

/// Builder for [`Client::upload_part`] and [`Client::replace_part`].
pub struct UploadPart<'a> {
    client: &'a Client,
    method: reqwest::Method,
    operation_id: &'static str,
    account_id: Result<String, String>,
    workflow_execution_id: Result<String, String>,
    credential_id: Result<String, String>,
    classifier: Result<types::UploadClassifier, String>,
    file: Result<reqwest::multipart::Part, String>,
    authorization: Option<reqwest::header::HeaderValue>,
}

impl std::fmt::Debug for UploadPart<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadPart")
            .field("operation_id", &self.operation_id)
            .field("account_id", &self.account_id)
            .field("workflow_execution_id", &self.workflow_execution_id)
            .field("credential_id", &self.credential_id)
            .field("classifier", &self.classifier)
            .finish_non_exhaustive()
    }
}

fn unset(name: &str) -> String {
    format!("{name} was not initialized")
}

impl<'a> UploadPart<'a> {
    fn new(client: &'a Client, method: reqwest::Method, operation_id: &'static str) -> Self {
        Self {
            client,
            method,
            operation_id,
            account_id: Err(unset("account_id")),
            workflow_execution_id: Err(unset("workflow_execution_id")),
            credential_id: Err(unset("credential_id")),
            classifier: Err(unset("classifier")),
            file: Err(unset("file")),
            authorization: None,
        }
    }

    /// The account's id.
    pub fn account_id(mut self, value: impl Into<String>) -> Self {
        self.account_id = Ok(value.into());
        self
    }

    /// The workflow execution's id.
    pub fn workflow_execution_id(mut self, value: impl Into<String>) -> Self {
        self.workflow_execution_id = Ok(value.into());
        self
    }

    /// The credential's id.
    pub fn credential_id(mut self, value: impl Into<String>) -> Self {
        self.credential_id = Ok(value.into());
        self
    }

    /// Which part: FRONT, BACK, FACE or FACEMAP.
    pub fn classifier(mut self, value: impl Into<types::UploadClassifier>) -> Self {
        self.classifier = Ok(value.into());
        self
    }

    /// The file, as a multipart part (bytes or a stream with a known length).
    pub fn file(mut self, part: reqwest::multipart::Part) -> Self {
        self.file = Ok(part);
        self
    }

    /// An explicit `Authorization` header (e.g. the credential's transaction token). Without it
    /// the client's hooks choose one.
    pub fn authorization(mut self, mut value: reqwest::header::HeaderValue) -> Self {
        value.set_sensitive(true);
        self.authorization = Some(value);
        self
    }

    /// Sends the request.
    pub async fn send(
        self,
    ) -> Result<ResponseValue<types::PartUploadResponse>, Error<types::Problem>> {
        let Self {
            client,
            method,
            operation_id,
            account_id,
            workflow_execution_id,
            credential_id,
            classifier,
            file,
            authorization,
        } = self;
        let account_id = account_id.map_err(Error::InvalidRequest)?;
        let workflow_execution_id = workflow_execution_id.map_err(Error::InvalidRequest)?;
        let credential_id = credential_id.map_err(Error::InvalidRequest)?;
        let classifier = classifier.map_err(Error::InvalidRequest)?;
        let file = file.map_err(Error::InvalidRequest)?;
        let url = format!(
            "{}/api/v1/accounts/{}/workflow-executions/{}/credentials/{}/parts/{}",
            client.baseurl,
            encode_path(&account_id),
            encode_path(&workflow_execution_id),
            encode_path(&credential_id),
            encode_path(classifier.as_str()),
        );
        let form = reqwest::multipart::Form::new().part("file", file);
        let mut builder = client
            .client
            .request(method, url)
            .header(reqwest::header::ACCEPT, "application/json")
            .multipart(form);
        if let Some(value) = authorization {
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        let mut request = builder.build()?;
        let info = OperationInfo { operation_id };
        client.pre(&mut request, &info).await?;
        let result = client.exec(request, &info).await;
        client.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200 => ResponseValue::from_response(response).await,
            400..=599 => Err(Error::ErrorResponse(
                ResponseValue::from_response(response).await?,
            )),
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
}
