//! No secret or personal data in any Debug, Display or tracing output of the client, through a
//! whole run with distinctive values.

#[path = "integration/support/mod.rs"]
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use jumio_kyx::types::{self, AccountRequest, CredentialCategory, UploadClassifier};
use jumio_kyx::{IdentityVerification, ImageSource};
use support::*;

/// Everything the tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

const SECRET: &str = "client-secret-QX7";
const REFERENCE: &str = "ref-PII-4242";
const USER: &str = "user-PII-9090";
const NAME: &str = "ZELDAPII";
const BIRTH: &str = "1977-07-07";

#[tokio::test]
async fn secrets_and_personal_data_never_reach_debug_display_or_traces() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sandbox = sandbox(fast()).await;
    let builder = jumio_kyx::Client::builder()
        .base_url(sandbox.url())
        .credentials("client-id", SECRET)
        .user_agent(UA);
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let mut outputs = vec![builder_debug, format!("{client:?}")];

    let dir = std::env::temp_dir().join(format!("kyx-redaction-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let named_file = dir.join(format!("{NAME}_passport.jpg"));
    std::fs::write(&named_file, FRONT_JPEG).unwrap();
    let source = ImageSource::path(&named_file);
    outputs.push(format!("{source:?}"));

    let v = IdentityVerification::new(REFERENCE, source, ImageSource::bytes(SELFIE_JPEG))
        .user_reference(USER);
    outputs.push(format!("{v:?}"));
    let started = client.run_identity_verification(v).await.unwrap();
    outputs.push(format!("{started:?}"));
    let (a, w) = (
        started.account_id().to_string(),
        started.workflow_execution_id().to_string(),
    );
    let details = client.get_workflow_details(&a, &w).await.unwrap();
    outputs.push(format!("{details:?}"));
    outputs.push(format!(
        "{:?}",
        client.get_workflow_status(&a, &w).await.unwrap()
    ));
    let download = client
        .download_part(
            &a,
            &started
                .account
                .credential(&CredentialCategory::Id)
                .unwrap()
                .id,
            types::PartClassifier::Front,
        )
        .await
        .unwrap();
    outputs.push(format!("{download:?}"));

    // Prepared data with a name and a date of birth, and the errors around it.
    let mut request = AccountRequest::new(REFERENCE, 10010u64);
    request.user_reference = Some(USER.into());
    let screening = client.create_account(&request).await.unwrap();
    outputs.push(format!("{screening:?}"));
    let data = types::PreparedData {
        first_name: Some(NAME.into()),
        last_name: Some(NAME.into()),
        date_of_birth: Some(BIRTH.into()),
        address: Some(types::PreparedAddress {
            country: Some("USA".into()),
            line1: Some(format!("1 {NAME} Street").into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    outputs.push(format!("{data:?}"));
    let credential = screening
        .credential(&CredentialCategory::Data)
        .unwrap()
        .id
        .clone();
    client
        .upload_prepared_data(
            screening.account_id(),
            screening.workflow_execution_id(),
            &credential,
            &data,
            Some(10010),
        )
        .await
        .unwrap();
    let bad = types::PreparedData {
        date_of_birth: Some(format!("{BIRTH}x").into()),
        ..data.clone()
    };
    let e = client
        .upload_prepared_data("a", "w", "c", &bad, None)
        .await
        .unwrap_err();
    outputs.extend([format!("{e}"), format!("{e:?}")]);
    let e = client
        .create_account(&AccountRequest::new(format!("{REFERENCE}/x"), 10011u64))
        .await
        .unwrap_err();
    outputs.extend([format!("{e}"), format!("{e:?}")]);
    let e = client
        .upload_part(
            &a,
            &w,
            "nope",
            UploadClassifier::Front,
            ImageSource::path(&named_file),
        )
        .await
        .unwrap_err();
    outputs.extend([format!("{e}"), format!("{e:?}")]);

    let access_token = client.access_token().await.unwrap();
    let transaction_token = started
        .account
        .workflow_execution
        .credentials
        .as_ref()
        .unwrap()[0]
        .api
        .as_ref()
        .unwrap()
        .token
        .clone()
        .unwrap();
    let web_href = started.account.web.as_ref().unwrap().href.clone().unwrap();
    outputs.push(format!("{access_token:?}"));
    let traces = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        traces.contains("kyx.call") && traces.contains("createAccount"),
        "traces were captured: {traces}"
    );
    // Both durations are there: each HTTP attempt's event and each call's span (the clock is
    // read only when a subscriber wants them).
    let attempts = traces.lines().filter(|l| l.contains("kyx http attempt"));
    assert!(
        attempts.clone().count() > 0 && attempts.clone().all(|l| l.contains("duration_ms=")),
        "{traces}"
    );
    // Each attempt's event is recorded within its call's span (the driver enters the span while
    // it polls the attempt).
    assert!(
        attempts.clone().all(|l| l.contains("kyx.call{")),
        "{traces}"
    );
    assert!(
        traces
            .lines()
            .any(|l| l.contains(" retries=0 duration_ms=") && l.contains("close")),
        "{traces}"
    );
    outputs.push(traces);

    let forbidden = [
        SECRET.to_string(),
        REFERENCE.to_string(),
        USER.to_string(),
        NAME.to_string(),
        BIRTH.to_string(),
        access_token.expose().to_string(),
        transaction_token.expose().to_string(),
        web_href.expose().to_string(),
    ];
    for output in &outputs {
        for f in &forbidden {
            assert!(!output.contains(f.as_str()), "{f:?} leaked into:\n{output}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
