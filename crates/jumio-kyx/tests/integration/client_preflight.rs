//! Every pre-flight check fails with a typed error naming the field, before any network I/O:
//! the sandbox's request log stays empty (not even a token request).

use crate::support::*;
use jumio_kyx::types::{self, AccountRequest, UploadClassifier};
use jumio_kyx::{
    Client, Error, ErrorKind, IdentityVerification, ImageSource, PreparedDataVerification, Region,
};

#[track_caller]
fn expect_field(result: Result<impl std::fmt::Debug, Error>, field: &str, rule: &str) {
    let e = result.expect_err("a pre-flight error");
    assert_eq!(e.kind(), &ErrorKind::Validation, "{e}");
    assert_eq!(e.field(), Some(field), "{e}");
    assert!(
        e.detail().unwrap_or_default().contains(rule),
        "{e} lacks {rule:?}"
    );
    assert!(e.status().is_none());
}

fn base() -> AccountRequest {
    AccountRequest::new("ref-ok", 10011u64)
}

/// Web settings with a locale.
fn web_locale(locale: &str) -> types::WebSettings {
    types::WebSettings {
        locale: Some(locale.into()),
        ..Default::default()
    }
}

/// Web settings with a success URL.
fn web_success_url(url: &str) -> types::WebSettings {
    types::WebSettings {
        success_url: Some(url.into()),
        ..Default::default()
    }
}

/// An upload to placeholder ids (the checks refuse it before the ids matter).
async fn upload(
    client: &Client,
    classifier: UploadClassifier,
    image: ImageSource,
) -> Result<types::PartUploadResponse, Error> {
    client.upload_part("a", "w", "c", classifier, image).await
}

/// A client of a real region (nothing in these tests reaches it).
fn platform_client(region: Region) -> Client {
    Client::builder()
        .region(region)
        .credentials("id", "secret")
        .user_agent(UA)
        .build()
        .unwrap()
}

#[tokio::test]
async fn invalid_input_never_reaches_the_network() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let with = |f: &dyn Fn(&mut AccountRequest)| {
        let mut r = base();
        f(&mut r);
        r
    };
    let cases: Vec<(AccountRequest, &str, &str)> = vec![
        (
            with(&|r| r.customer_internal_reference = "".into()),
            "customerInternalReference",
            "must not be empty",
        ),
        (
            with(&|r| r.customer_internal_reference = "x".repeat(101).into()),
            "customerInternalReference",
            "longer than 100",
        ),
        (
            with(&|r| r.customer_internal_reference = "jane/doe".into()),
            "customerInternalReference",
            "forbidden character at position 5",
        ),
        (
            with(&|r| r.user_reference = Some("u".repeat(101).into())),
            "userReference",
            "longer than 100",
        ),
        (
            with(&|r| r.workflow_definition.key = "ten".into()),
            "workflowDefinition.key",
            "workflow definition key",
        ),
        (
            with(&|r| r.workflow_definition.key = 0u64.into()),
            "workflowDefinition.key",
            "workflow definition key",
        ),
        (
            with(&|r| r.token_lifetime = Some("30 minutes".into())),
            "tokenLifetime",
            "a number and a unit",
        ),
        (
            with(&|r| r.token_lifetime = Some("4m".into())),
            "tokenLifetime",
            "between 5m and 60d",
        ),
        (
            with(&|r| r.token_lifetime = Some("61d".into())),
            "tokenLifetime",
            "between 5m and 60d",
        ),
        (
            with(&|r| r.reporting_criteria = Some("r".repeat(256))),
            "reportingCriteria",
            "longer than 255",
        ),
        (
            with(&|r| r.callback_url = Some("not a url".into())),
            "callbackUrl",
            "absolute http(s) URL",
        ),
        (
            with(&|r| r.callback_url = Some(format!("https://e.com/{}", "c".repeat(250)))),
            "callbackUrl",
            "longer than 255",
        ),
        (
            with(&|r| r.web = Some(web_locale("english"))),
            "web.locale",
            "language code",
        ),
        (
            with(&|r| r.web = Some(web_success_url("ftp://x"))),
            "web.successUrl",
            "http(s)",
        ),
        (
            with(&|r| {
                r.workflow_definition.credentials = vec![types::CredentialDefinition {
                    category: types::CredentialCategory::Id,
                    country: Some(types::CountryPreset {
                        predefined_type: None,
                        values: vec!["ZZZ".into()],
                        extra: Default::default(),
                    }),
                    id: None,
                    label: None,
                    type_: None,
                    extra: Default::default(),
                }]
            }),
            "workflowDefinition.credentials[0].country.values",
            "ISO 3166-1 alpha-3",
        ),
    ];
    for (request, field, rule) in cases {
        expect_field(client.create_account(&request).await, field, rule);
        expect_field(client.update_account("a", &request).await, field, rule);
    }
    // Images: not an image, too big, too many pixels, a missing file, an empty file.
    use UploadClassifier::{Back, Face, Front};
    let not_image = ImageSource::bytes(&b"%PDF-1.4"[..]);
    expect_field(
        upload(&client, Front, not_image).await,
        "front",
        "not a JPEG or PNG",
    );
    let small_limit = builder(&sandbox).max_upload_bytes(1000).build().unwrap();
    let selfie = ImageSource::bytes(SELFIE_JPEG);
    let limit = "upload limit is 1000 bytes";
    expect_field(upload(&small_limit, Face, selfie).await, "face", limit);
    let huge = png_header(9000, 10);
    let huge_bytes = ImageSource::bytes(huge.clone());
    expect_field(
        upload(&client, Back, huge_bytes).await,
        "back",
        "9000x10 pixels",
    );
    let dir = std::env::temp_dir().join(format!("kyx-preflight-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let huge_file = dir.join("huge.png");
    std::fs::write(&huge_file, &huge).unwrap();
    let huge_file = ImageSource::path(&huge_file);
    expect_field(
        upload(&client, Front, huge_file).await,
        "front",
        "at most 8000x8000",
    );
    let missing = ImageSource::path(dir.join("missing.jpg"));
    expect_field(
        upload(&client, Front, missing).await,
        "front",
        "cannot be read",
    );
    std::fs::write(dir.join("empty.jpg"), b"").unwrap();
    let empty = ImageSource::path(dir.join("empty.jpg"));
    expect_field(upload(&client, Front, empty).await, "front", "is empty");
    let reader = ImageSource::reader(std::io::Cursor::new(b"GIF89a...".to_vec()), None);
    let not_jpeg_or_png = "not a JPEG or PNG";
    expect_field(
        upload(&client, Front, reader).await,
        "front",
        not_jpeg_or_png,
    );
    // Prepared data: dates, countries, a workflow's required fields.
    let bad_date = types::PreparedData {
        date_of_birth: Some("1990-02-30".into()),
        ..Default::default()
    };
    let e = client.upload_prepared_data("a", "w", "c", &bad_date, None);
    expect_field(e.await, "dateOfBirth", "YYYY-MM-DD");
    let bad_country = types::PreparedData {
        address: Some(types::PreparedAddress {
            country: Some("XX".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let e = client.upload_prepared_data("a", "w", "c", &bad_country, None);
    expect_field(e.await, "address.country", "ISO 3166-1");
    // Migration.
    expect_field(
        client
            .create_migration(&types::MigrationRequest::new(Vec::<String>::new()))
            .await,
        "scanReferences",
        "at least one",
    );
    expect_field(
        client
            .create_migration(&types::MigrationRequest::new(["x".repeat(101)]))
            .await,
        "scanReferences[0]",
        "1 to 100",
    );
    // Flows check every input before creating anything.
    let v = IdentityVerification::new(
        "flow-1",
        ImageSource::bytes(FRONT_JPEG),
        ImageSource::bytes(&b"not a selfie"[..]),
    );
    expect_field(
        client.run_identity_verification(v).await,
        "selfie",
        "not a JPEG or PNG",
    );
    let bad_date = types::PreparedData {
        date_of_birth: Some("1990-02-30".into()),
        ..Default::default()
    };
    let v = PreparedDataVerification::screening("flow-2", "u", bad_date);
    expect_field(
        client.run_prepared_data_verification(v).await,
        "dateOfBirth",
        "YYYY-MM-DD",
    );
    assert!(
        sandbox.requests().is_empty(),
        "requests reached the sandbox: {:?}",
        sandbox.requests()
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn hrefs_to_foreign_hosts_are_refused_without_a_request() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    for href in [
        "https://evil.example.com/api/v1/workflow-executions/w",
        "https://retrieval.amer-1.jumio.ai/api/v1/workflow-executions/w",
        "http://127.0.0.2:1/api/v1/workflow-executions/w",
    ] {
        expect_field(
            client.get_workflow_by_href(href).await,
            "href",
            "not one of this client's",
        );
        expect_field(
            client
                .download_href(&href.replace(
                    "workflow-executions/w",
                    "accounts/a/credentials/c/parts/FRONT",
                ))
                .await,
            "href",
            "not one of this client's",
        );
    }
    assert!(sandbox.requests().is_empty());
    // A region client trusts its region's hosts only.
    let e = platform_client(Region::Us)
        .get_workflow_by_href("https://retrieval.emea-1.jumio.ai/api/v1/workflow-executions/w")
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("href"));
}

#[tokio::test]
async fn what_only_the_platform_decides_is_sent_with_a_warning() {
    // No source says the platform refuses these; it decides at processing (the screening or data
    // capability does not run). The client sends them and logs a warning naming no value.
    let logs = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    let writer = {
        let logs = logs.clone();
        move || Capture(logs.clone())
    };
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(tracing::Level::WARN)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let created = Created::new(&client, "no-user-reference", 10010u64).await;
    let credential = created.credential(types::CredentialCategory::Data);
    let partial = types::PreparedData {
        first_name: Some("JANE".into()),
        ..Default::default()
    };
    let (a, w) = (&created.a, &created.w);
    client
        .upload_prepared_data(a, w, &credential, &partial, Some(10010))
        .await
        .unwrap();
    let text = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(text.contains("userReference is missing"), "{text}");
    assert!(text.contains("lastName"), "{text}");
    assert!(!text.contains("JANE"), "{text}");
}

/// A tracing writer into a shared buffer.
struct Capture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn portal_url_rules_apply_to_real_regions_only() {
    let real = platform_client(Region::Eu);
    let with_url = |field: &str, url: &str| {
        let mut r = AccountRequest::new("portal", 10011u64);
        match field {
            "callbackUrl" => r.callback_url = Some(url.into()),
            "web.successUrl" => r.web = Some(web_success_url(url)),
            _ => {
                r.web = Some(types::WebSettings {
                    error_url: Some(url.into()),
                    ..Default::default()
                })
            }
        }
        r
    };
    for (field, url, rule) in [
        ("callbackUrl", "http://example.com/cb", "https://"),
        ("callbackUrl", "https://203.0.113.7/cb", "IP address"),
        ("callbackUrl", "https://example.com:8443/cb", "port"),
        ("callbackUrl", "https://example.com/cb#x", "fragment"),
        (
            "web.successUrl",
            "https://example.com/ok?accountId=1",
            "query parameter",
        ),
        (
            "web.errorUrl",
            "https://example.com/err?errorCode=9100",
            "query parameter",
        ),
    ] {
        // Refused before anything is sent (the region's hosts are not reachable from here).
        expect_field(
            real.create_account(&with_url(field, url)).await,
            field,
            rule,
        );
    }
    // A sandbox takes a local receiver.
    let sandbox = sandbox(fast()).await;
    let local = client(&sandbox);
    local
        .create_account(&with_url("callbackUrl", "http://127.0.0.1:8080/cb"))
        .await
        .unwrap();
    local
        .create_account(&with_url("web.successUrl", "http://localhost:3000/ok"))
        .await
        .unwrap();
}
