//! Every operation of the spec through the client, against the in-process sandbox.

use crate::support::*;
use jumio_kyx::types::{
    self, AccountRequest, CredentialCategory, PartClassifier, UploadClassifier, WorkflowStatus,
};
use jumio_kyx::{ErrorKind, ImageSource, MigrationError, WorkflowKey};

#[tokio::test]
async fn an_id_verification_through_every_acquisition_and_retrieval_operation() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    // Token.
    let token = client.get_access_token().await.unwrap();
    assert_eq!(token.expires_in, 3600);
    assert_eq!(token.token_type, types::TokenType::Bearer);
    // Create, with the transaction token remembered for the uploads.
    let mut request = AccountRequest::new(
        "ops-1",
        WorkflowKey::STANDALONE_ID_AND_IDENTITY_VERIFICATION,
    );
    request.user_reference = Some("user-1".into());
    let created = Created::with(&client, &request).await;
    let (a, w) = (created.a.clone(), created.w.clone());
    let id = created.credential(CredentialCategory::Id);
    let selfie = created.credential(CredentialCategory::Selfie);
    // Uploads from bytes, from a path, from a reader; a replace.
    let front = ImageSource::bytes(FRONT_JPEG);
    let r = created
        .upload(&client, &id, UploadClassifier::Front, front)
        .await
        .unwrap();
    assert!(
        r.api.unwrap().parts.unwrap().front.is_none(),
        "FRONT left api.parts"
    );
    let dir = std::env::temp_dir().join(format!("kyx-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let back_path = dir.join("back.jpg");
    std::fs::write(&back_path, BACK_JPEG).unwrap();
    let back = ImageSource::path(&back_path);
    created
        .upload(&client, &id, UploadClassifier::Back, back)
        .await
        .unwrap();
    let face = ImageSource::reader(
        std::io::Cursor::new(SELFIE_JPEG),
        Some(SELFIE_JPEG.len() as u64),
    );
    created
        .upload(&client, &selfie, UploadClassifier::Face, face)
        .await
        .unwrap();
    let back = ImageSource::path(&back_path);
    client
        .replace_part(&a, &w, &id, UploadClassifier::Back, back)
        .await
        .unwrap();
    // The uploads used the transaction token.
    let uploads: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.operation == Some("upload_part"))
        .collect();
    assert_eq!(uploads.len(), 3);
    assert!(
        uploads.iter().all(|r| r.credential == Some("transaction")),
        "{uploads:?}"
    );
    // Finalize, then retrieval.
    let f = client.finalize_workflow(&a, &w).await.unwrap();
    let credential_of = |operation| {
        let requests = sandbox.requests();
        let request = requests.iter().find(|r| r.operation == Some(operation));
        request.unwrap().credential
    };
    assert_eq!(credential_of("finalize_workflow"), Some("transaction"));
    assert_eq!(credential_of("create_account"), Some("oauth2"));
    assert_eq!(f.workflow_execution.unwrap().id, w);
    let status = client.get_workflow_status(&a, &w).await.unwrap();
    assert_eq!(status.workflow_execution.status, WorkflowStatus::Processed);
    let details = client.get_workflow_details(&a, &w).await.unwrap();
    assert_eq!(details.decision_type(), Some(&types::DecisionType::Passed));
    assert_eq!(details.risk_score(), Some(0.0));
    assert!(
        details
            .capability_summaries()
            .iter()
            .any(|c| c.capability == "similarity" && c.label == "MATCH")
    );
    assert_eq!(
        client.get_workflow_execution(&w).await.unwrap().workflow.id,
        w
    );
    assert_eq!(
        client
            .get_workflow_by_href(status.workflow_execution.href.as_deref().unwrap())
            .await
            .unwrap()
            .workflow
            .id,
        w
    );
    let steps = client.get_workflow_steps(&a, &w).await.unwrap();
    assert_eq!(steps.steps[0].name, types::StepName::IdIv);
    // Download: streamed to memory and to a file, and by href.
    let download = client
        .download_part(&a, &id, PartClassifier::Front)
        .await
        .unwrap();
    assert_eq!(download.content_type(), Some("image/jpeg"));
    assert_eq!(&download.bytes().await.unwrap()[..], FRONT_JPEG);
    let saved = dir.join("front-copy.jpg");
    let n = client
        .download_part(&a, &id, PartClassifier::Back)
        .await
        .unwrap()
        .save(&saved)
        .await
        .unwrap();
    assert_eq!(n as usize, BACK_JPEG.len());
    assert_eq!(std::fs::read(&saved).unwrap(), BACK_JPEG);
    // A file that cannot be written is the caller's side, not the network's.
    let unwritable = client
        .download_part(&a, &id, PartClassifier::Back)
        .await
        .unwrap()
        .save(dir.join("no-such-dir/copy.jpg"))
        .await
        .unwrap_err();
    assert_eq!(*unwritable.kind(), jumio_kyx::ErrorKind::LocalFile);
    assert!(!unwritable.is_retryable());
    let part_href = first_part_href(&details);
    assert!(
        client
            .download_href(&part_href)
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .len()
            > 1000
    );
    // Update starts a second workflow on the account; delete one workflow, then the account.
    let second = client
        .update_account(&a, &AccountRequest::new("ops-2", 10011u64))
        .await
        .unwrap();
    assert_eq!(second.account_id(), a);
    client
        .delete_workflow(&a, second.workflow_execution_id())
        .await
        .unwrap();
    let gone = client
        .get_workflow_status(&a, second.workflow_execution_id())
        .await
        .unwrap_err();
    assert_eq!(gone.kind(), &ErrorKind::NotFound);
    client.delete_account(&a).await.unwrap();
    let e = client.get_workflow_details(&a, &w).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::NotFound);
    // Health.
    assert_eq!(
        client.get_health().await.unwrap().status,
        types::HealthStatus::Up
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn prepared_data_and_facemap_uploads() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let mut request = AccountRequest::new("data-1", WorkflowKey::STANDALONE_WATCHLIST_SCREENING);
    request.user_reference = Some("user-2".into());
    let created = Created::with(&client, &request).await;
    let data_credential = created.credential(CredentialCategory::Data);
    let Created { a, w, .. } = created;
    let data = screening_data();
    client
        .upload_prepared_data(&a, &w, &data_credential, &data, Some(10010))
        .await
        .unwrap();
    client
        .replace_prepared_data(&a, &w, &data_credential, &data, Some(10010))
        .await
        .unwrap();
    client.finalize_workflow(&a, &w).await.unwrap();
    let details = client.get_workflow_details(&a, &w).await.unwrap();
    let screening = &details.capabilities.unwrap().watchlist_screening.unwrap()[0];
    assert_eq!(
        screening.data.as_ref().unwrap().search_status,
        Some(types::SearchStatus::Success)
    );
    // Workflow 16 takes a binary facemap through the API.
    let created = Created::new(&client, "facemap-1", 16u64).await;
    let facemap = created.credential(CredentialCategory::Facemap);
    let binary = ImageSource::bytes(&b"\x00\x01binary facemap"[..]);
    let r = created
        .upload(&client, &facemap, UploadClassifier::Facemap, binary)
        .await
        .unwrap();
    assert_eq!(r.api.unwrap().parts.unwrap().facemap, None);
}

#[tokio::test]
async fn migration_operations_and_their_typed_errors() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let created = client
        .create_migration(&types::MigrationRequest::new(["scan-1", "scan-2"]))
        .await
        .unwrap();
    let a = created.account.id.clone();
    client
        .update_migration(&a, &types::MigrationRequest::new(["scan-3"]))
        .await
        .unwrap();
    assert_eq!(
        client
            .get_workflow_details(&a, "scan-3")
            .await
            .unwrap()
            .workflow
            .id,
        "scan-3"
    );
    let cases = [
        (vec!["x-WIPED-1"], MigrationError::WipedOut),
        (vec!["x-NOTFOUND-1"], MigrationError::ScanNotFound),
        (vec!["x-PENDING-1"], MigrationError::NotInFinalState),
        (vec!["scan-1"], MigrationError::AlreadyMigrated),
        (
            vec!["x-INPROGRESS-1"],
            MigrationError::InProgressOrAlreadyMigrated,
        ),
        (
            vec!["x-AUTHFAIL-1"],
            MigrationError::AuthenticationPreconditions,
        ),
    ];
    for (refs, expected) in cases {
        let e = client
            .create_migration(&types::MigrationRequest::new(refs.clone()))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Migration(expected.clone()), "{e}");
        assert_eq!(e.scan_references(), refs.as_slice());
        assert!(!e.is_retryable());
    }
    let e = client
        .update_migration("no-such-account", &types::MigrationRequest::new(["x"]))
        .await
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::Migration(MigrationError::AccountNotFound)
    );
    assert_eq!(e.status(), Some(404));
    assert!(
        e.request_id().is_some(),
        "the sandbox's request id is surfaced"
    );
}

#[tokio::test]
async fn basic_credentials_work_where_jumio_allows_them() {
    let sandbox = sandbox(fast()).await;
    let client = builder(&sandbox)
        .basic_credentials("api-token", "api-secret")
        .build()
        .unwrap();
    let Created { a, w, .. } = Created::new(&client, "basic-1", 10011u64).await;
    client.get_workflow_status(&a, &w).await.unwrap();
    assert_eq!(
        count(&sandbox, "get_access_token"),
        0,
        "Basic needs no token"
    );
    // The migration guide: "HTTP Basic or OAuth2".
    client
        .create_migration(&types::MigrationRequest::new(["s"]))
        .await
        .unwrap();
    assert_eq!(count(&sandbox, "get_access_token"), 0);
}
