//! The multipart operations `uploadPart` and `replacePart`, written by hand because progenitor
//! cannot generate multipart bodies (`build.rs` removes them from the spec before generating).
//!
//! They take their arguments in order as the generated methods do, reuse the generated types and
//! go through the same hooks (`pre`, `exec`, `post`) as every generated operation.

use progenitor_client::{ClientHooks, Error, OperationInfo, ResponseValue, encode_path};

use crate::generated::{self, Client};
use crate::types;

// `generated::Client`, spelled out: `cargo xtask gen-blocking` twins the methods of `impl Client`
// blocks, which are the hand-written client's.
impl generated::Client {
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
    ///     .upload_part(
    ///         "11111111-1111-1111-1111-aaaaaaaaaaaa",
    ///         "22222222-2222-2222-2222-aaaaaaaaaaaa",
    ///         "33333333-3333-3333-aaaaaaaaaaaa",
    ///         &UploadClassifier::Front,
    ///         file,
    ///     )
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn upload_part(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        classifier: &types::UploadClassifier,
        file: reqwest::multipart::Part,
    ) -> Result<ResponseValue<types::PartUploadResponse>, Error<types::Problem>> {
        let path = part_path(account_id, workflow_execution_id, credential_id, classifier);
        send_part(self, reqwest::Method::POST, "upload_part", path, file).await
    }

    /// `PUT …/credentials/{credentialId}/parts/{classifier}`: replaces an uploaded image part
    /// (operation `replacePart`). Arguments as for [`Client::upload_part`].
    pub async fn replace_part(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        classifier: &types::UploadClassifier,
        file: reqwest::multipart::Part,
    ) -> Result<ResponseValue<types::PartUploadResponse>, Error<types::Problem>> {
        let path = part_path(account_id, workflow_execution_id, credential_id, classifier);
        send_part(self, reqwest::Method::PUT, "replace_part", path, file).await
    }
}

/// The path of a part, each segment percent-encoded.
fn part_path(
    account_id: &str,
    workflow_execution_id: &str,
    credential_id: &str,
    classifier: &types::UploadClassifier,
) -> String {
    format!(
        "/api/v1/accounts/{}/workflow-executions/{}/credentials/{}/parts/{}",
        encode_path(account_id),
        encode_path(workflow_execution_id),
        encode_path(credential_id),
        encode_path(classifier.as_str()),
    )
}

/// Sends `file` as the multipart field `file` to `path`, through the hooks.
async fn send_part(
    client: &Client,
    method: reqwest::Method,
    operation_id: &'static str,
    path: String,
    file: reqwest::multipart::Part,
) -> Result<ResponseValue<types::PartUploadResponse>, Error<types::Problem>> {
    let form = reqwest::multipart::Form::new().part("file", file);
    let mut request = client
        .client
        .request(method, format!("{}{path}", client.baseurl))
        .header(reqwest::header::ACCEPT, "application/json")
        .multipart(form)
        .build()?;
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
