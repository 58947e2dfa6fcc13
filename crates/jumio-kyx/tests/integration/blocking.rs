//! The blocking client (feature `blocking`) against the sandbox, from plain threads with no async
//! runtime: the operations one by one (10011), the flows (10011, 10010), downloads, migration,
//! calls from several threads; and what happens when it is called inside a tokio runtime.

use std::io::Read;
use std::time::{Duration, Instant};

use crate::support::*;
use jumio_kyx::blocking::{Client, ClientBuilder};
use jumio_kyx::callback::parse_callback;
use jumio_kyx::types::{
    self, AccountRequest, CredentialCategory, DecisionType, PartClassifier, UploadClassifier,
    WorkflowStatus,
};
use jumio_kyx::{
    ErrorKind, IdentityVerification, ImageSource, MigrationError, PollSchedule,
    PreparedDataVerification, WaitOptions,
};
use jumio_kyx_sandbox::{RunningSandbox, SandboxConfig};

/// A sandbox on a runtime of its own (these tests have none).
fn sandbox() -> RunningSandbox {
    RunningSandbox::start_in_background(SandboxConfig {
        settings: fast(),
        ..SandboxConfig::default()
    })
    .expect("sandbox starts")
}

/// A blocking client for a sandbox, with the settings the async tests use.
fn blocking_client(sandbox: &RunningSandbox) -> Client {
    ClientBuilder::from(builder(sandbox))
        .build()
        .expect("client builds")
}

fn quick() -> WaitOptions {
    WaitOptions {
        schedule: PollSchedule::Every(Duration::from_millis(20)),
        deadline: Duration::from_secs(20),
    }
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kyx-blocking-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn an_identity_verification_operation_by_operation() {
    let sandbox = sandbox();
    let client = blocking_client(&sandbox);
    assert_eq!(client.get_health().unwrap().status, types::HealthStatus::Up);
    let dir = scratch("ops");
    let front_path = dir.join("front.jpg");
    std::fs::write(&front_path, FRONT_JPEG).unwrap();

    let mut request = AccountRequest::new(
        "blocking-1",
        jumio_kyx::WorkflowKey::STANDALONE_ID_AND_IDENTITY_VERIFICATION,
    );
    request.user_reference = Some("user-b1".into());
    let account = client.create_account(&request).unwrap();
    let (a, w) = (account.account_id(), account.workflow_execution_id());
    let id = &account.credential(&CredentialCategory::Id).unwrap().id;
    let selfie = &account.credential(&CredentialCategory::Selfie).unwrap().id;
    client
        .upload_part(
            a,
            w,
            id,
            UploadClassifier::Front,
            ImageSource::path(&front_path),
        )
        .unwrap();
    client
        .upload_part(
            a,
            w,
            id,
            UploadClassifier::Back,
            ImageSource::bytes(BACK_JPEG),
        )
        .unwrap();
    client
        .replace_part(
            a,
            w,
            id,
            UploadClassifier::Back,
            ImageSource::bytes(BACK_JPEG),
        )
        .unwrap();
    client
        .upload_part(
            a,
            w,
            selfie,
            UploadClassifier::Face,
            ImageSource::bytes(SELFIE_JPEG),
        )
        .unwrap();
    client.finalize_workflow(a, w).unwrap();
    let status = client.wait_for_completion(a, w, quick()).unwrap();
    assert_eq!(status.workflow_execution.status, WorkflowStatus::Processed);

    let details = client.get_workflow_details(a, w).unwrap();
    assert_eq!(details.decision_type(), Some(&DecisionType::Passed));
    assert_eq!(client.get_workflow_execution(w).unwrap().workflow.id, w);
    let href = status.workflow_execution.href.as_deref().unwrap();
    assert_eq!(client.get_workflow_by_href(href).unwrap().workflow.id, w);
    assert_eq!(
        client.get_workflow_steps(a, w).unwrap().steps[0].name,
        types::StepName::IdIv
    );
    client.get_account(a).unwrap();
    client.get_workflow_rules(a, w).unwrap();
    assert!(
        !client
            .generate_report(a, w)
            .unwrap()
            .bytes()
            .unwrap()
            .is_empty()
    );
    assert_eq!(count(&sandbox, "upload_part"), 3);
    assert_eq!(count(&sandbox, "replace_part"), 1);

    // A second workflow on the account; deleting it, then the account.
    let second = client
        .update_account(a, &AccountRequest::new("blocking-2", 10011u64))
        .unwrap();
    client
        .delete_workflow(a, second.workflow_execution_id())
        .unwrap();
    let gone = client
        .get_workflow_status(a, second.workflow_execution_id())
        .unwrap_err();
    assert_eq!(gone.kind(), &ErrorKind::NotFound);
    client.delete_account(a).unwrap();
    assert_eq!(
        client.get_workflow_status(a, w).unwrap_err().kind(),
        &ErrorKind::NotFound
    );
    // Pre-flight checks are the async client's: nothing is sent.
    let before = sandbox.requests().len();
    let e = client.get_workflow_status("../x", w).unwrap_err();
    assert_eq!(e.field(), Some("account_id"));
    assert_eq!(sandbox.requests().len(), before);
}

#[test]
fn the_flows_run_an_identity_verification_and_a_screening() {
    let sandbox = sandbox();
    let client = blocking_client(&sandbox);
    // 10011 in one call; its callback (to a URL nobody serves) is read from the sandbox's records.
    let started = client
        .run_identity_verification(
            id_verification("blocking-flow-1")
                .user_reference("user-bf")
                .callback_url("http://127.0.0.1:9/unserved"),
        )
        .unwrap();
    let (a, w) = (started.account_id(), started.workflow_execution_id());
    let status = client.wait_for_completion(a, w, quick()).unwrap();
    assert_eq!(status.workflow_execution.status, WorkflowStatus::Processed);
    let record = sandbox
        .callback_records()
        .into_iter()
        .find(|r| r.workflow_execution_id == w)
        .expect("a callback was sent");
    let callback = parse_callback(record.payload.to_string().as_bytes()).unwrap();
    let details = client.get_callback_details(&callback).unwrap();
    assert_eq!(details.decision_type(), Some(&DecisionType::Passed));

    // 10010 from prepared data.
    let data = screening_data();
    let screening = client
        .run_prepared_data_verification(PreparedDataVerification::screening(
            "blocking-flow-2",
            "user-bs",
            data,
        ))
        .unwrap();
    let (a, w) = (screening.account_id(), screening.workflow_execution_id());
    let status = client.wait_for_completion(a, w, quick()).unwrap();
    assert_eq!(status.workflow_execution.status, WorkflowStatus::Processed);
    let details = client.get_workflow_details(a, w).unwrap();
    assert_eq!(details.decision_type(), Some(&DecisionType::Passed));
    assert_eq!(count(&sandbox, "upload_prepared_data"), 1);
    // A flow's checks run before anything is created.
    let before = count(&sandbox, "create_account");
    let e = client
        .run_identity_verification(IdentityVerification::new(
            "blocking-flow-3",
            ImageSource::bytes(b"not an image".to_vec()),
            ImageSource::bytes(SELFIE_JPEG),
        ))
        .unwrap_err();
    assert_eq!(e.field(), Some("front"));
    assert_eq!(count(&sandbox, "create_account"), before);
}

#[test]
fn a_part_downloads_to_a_file_into_memory_and_through_read() {
    let sandbox = sandbox();
    let client = blocking_client(&sandbox);
    let started = client
        .run_identity_verification(id_verification("blocking-dl"))
        .unwrap();
    let a = started.account_id();
    let id = &started
        .account
        .credential(&CredentialCategory::Id)
        .unwrap()
        .id;
    let dir = scratch("dl");

    // To a file.
    let download = client.download_part(a, id, PartClassifier::Front).unwrap();
    assert_eq!(download.content_type(), Some("image/jpeg"));
    assert!(!format!("{download:?}").contains("Bytes"));
    let saved = dir.join("front-copy.jpg");
    assert_eq!(download.save(&saved).unwrap() as usize, FRONT_JPEG.len());
    assert_eq!(std::fs::read(&saved).unwrap(), FRONT_JPEG);
    // Into memory.
    let back = client.download_part(a, id, PartClassifier::Back).unwrap();
    assert_eq!(&back.bytes().unwrap()[..], BACK_JPEG);
    // Through Read: a few bytes, then the rest into memory, then the rest to a file.
    let mut part = client.download_part(a, id, PartClassifier::Front).unwrap();
    let mut header = [0u8; 3];
    part.read_exact(&mut header).unwrap();
    assert_eq!(header, [0xFF, 0xD8, 0xFF]);
    let rest = part.bytes().unwrap();
    assert_eq!([&header[..], &rest[..]].concat(), FRONT_JPEG);
    let mut part = client.download_part(a, id, PartClassifier::Front).unwrap();
    let mut first = vec![0u8; 1000];
    part.read_exact(&mut first).unwrap();
    let tail = dir.join("front-tail.bin");
    part.save(&tail).unwrap();
    assert_eq!(std::fs::read(&tail).unwrap(), &FRONT_JPEG[1000..]);
    // std::io::copy reads it all.
    let mut copied = Vec::new();
    let mut part = client.download_part(a, id, PartClassifier::Back).unwrap();
    std::io::copy(&mut part, &mut copied).unwrap();
    assert_eq!(copied, BACK_JPEG);
    assert_eq!(part.read(&mut [0u8; 16]).unwrap(), 0, "at the end");
    // By href, after the client is gone (the download keeps the runtime).
    let details = client
        .get_workflow_details(a, started.workflow_execution_id())
        .unwrap();
    let href = first_part_href(&details);
    let by_href = client.download_href(&href).unwrap();
    drop(client);
    assert!(by_href.bytes().unwrap().len() > 1000);
    // A download past the client's limit fails while it is read.
    let small = ClientBuilder::from(builder(&sandbox))
        .max_download_bytes(100)
        .build()
        .unwrap();
    let e = small
        .download_part(a, id, PartClassifier::Front)
        .and_then(|d| d.bytes());
    assert!(e.is_err());
}

#[test]
fn legacy_scans_migrate_and_the_documented_failures_are_typed() {
    let sandbox = sandbox();
    let client = blocking_client(&sandbox);
    let created = client
        .create_migration(&types::MigrationRequest::new(["scan-1", "scan-2"]))
        .unwrap();
    let a = created.account.id.clone();
    client
        .update_migration(&a, &types::MigrationRequest::new(["scan-3"]))
        .unwrap();
    for scan in ["scan-1", "scan-2", "scan-3"] {
        let status = client.get_workflow_status(&a, scan).unwrap();
        assert_eq!(status.workflow_execution.status, WorkflowStatus::Processed);
    }
    let again = client
        .create_migration(&types::MigrationRequest::new(["scan-1"]))
        .unwrap_err();
    assert_eq!(
        again.kind(),
        &ErrorKind::Migration(MigrationError::AlreadyMigrated)
    );
    assert_eq!(again.scan_references(), ["scan-1"]);
}

#[test]
fn clones_call_from_several_threads_at_once_and_share_one_token() {
    let sandbox = sandbox();
    let client = blocking_client(&sandbox);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                for _ in 0..5 {
                    client.get_health().unwrap();
                    client
                        .create_account(&AccountRequest::new("blocking-threads", 10011u64))
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(count(&sandbox, "create_account"), 20);
    assert_eq!(count(&sandbox, "get_access_token"), 1, "one token for all");
    assert!(client.access_token().is_ok());
}

#[test]
fn debug_output_shows_no_secret() {
    let builder = Client::builder()
        .base_url("http://127.0.0.1:4010")
        .credentials("my-client", "very-secret-value")
        .user_agent("Acme/1.0");
    assert!(!format!("{builder:?}").contains("very-secret-value"));
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("blocking::Client"), "{shown}");
    assert!(!shown.contains("very-secret-value"), "{shown}");
    assert_eq!(client.base_urls().iter().count(), 5);
    assert_eq!(
        client.max_upload_bytes(),
        jumio_kyx::validate::DEFAULT_MAX_UPLOAD_BYTES
    );
    // The async builder's checks apply.
    let e = Client::builder()
        .region(jumio_kyx::Region::Us)
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Configuration);
}

/// The mistake the refusal exists for: a blocking call inside `#[tokio::test]`, whose one thread
/// also serves the sandbox. Blocking it would deadlock; the call fails at once instead, nothing
/// panics, and a call from a thread of its own (awaited without blocking) works.
#[tokio::test]
async fn inside_a_tokio_runtime_a_call_fails_at_once_instead_of_deadlocking() {
    let sandbox = crate::support::sandbox(fast()).await;
    let client = ClientBuilder::from(builder(&sandbox)).build().unwrap();
    let started = Instant::now();
    let e = client.get_health().unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(e.kind(), &ErrorKind::Configuration);
    assert!(e.to_string().contains("async runtime"), "{e}");
    let e = client
        .run_identity_verification(id_verification("blocking-async"))
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Configuration);
    assert_eq!(sandbox.requests().len(), 0, "nothing was sent");

    // From a thread of its own, awaited without blocking this runtime's thread, it works.
    let (tx, rx) = tokio::sync::oneshot::channel();
    let on_thread = client.clone();
    std::thread::spawn(move || {
        let _ = tx.send(on_thread.get_health().map(|h| h.status));
    });
    assert_eq!(rx.await.unwrap().unwrap(), types::HealthStatus::Up);

    // A download taken on that thread, read here: an io::Error carrying the refusal.
    let (tx, rx) = tokio::sync::oneshot::channel();
    let on_thread = client.clone();
    std::thread::spawn(move || {
        let started = on_thread
            .run_identity_verification(id_verification("blocking-async-dl"))
            .unwrap();
        let id = &started
            .account
            .credential(&CredentialCategory::Id)
            .unwrap()
            .id;
        let _ = tx.send(on_thread.download_part(started.account_id(), id, PartClassifier::Front));
    });
    let mut front = rx.await.unwrap().unwrap();
    let e = front.read(&mut [0u8; 8]).unwrap_err();
    assert!(e.to_string().contains("async runtime"), "{e}");

    // spawn_blocking threads are inside the runtime too (tokio does not tell them apart).
    let in_pool = client.clone();
    let e = tokio::task::spawn_blocking(move || in_pool.get_health())
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Configuration);
    // Dropping the client (and its runtime) here does not panic.
    drop(client);
}
