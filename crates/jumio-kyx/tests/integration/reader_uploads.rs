//! Uploads from a reader whose length is not known: counted against the upload limit while they
//! stream (a validation error naming the argument past it), and a reader that fails is a
//! local-file error naming the argument, not a transport error. A flow streams readers longer
//! than the header its checks read.

use std::pin::Pin;
use std::task::{Context, Poll};

use crate::support::*;
use jumio_kyx::types::{CredentialCategory, UploadClassifier};
use jumio_kyx::{ErrorKind, ImageSource, WorkflowKey};
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

/// Yields `data`, then fails.
struct FailsAfter {
    data: std::io::Cursor<Vec<u8>>,
}

impl AsyncRead for FailsAfter {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.data).poll_read(cx, buf);
        if matches!(poll, Poll::Ready(Ok(()))) && buf.filled().len() == before {
            return Poll::Ready(Err(std::io::Error::other("the disk went away")));
        }
        poll
    }
}

/// An ID verification's account, and the id of its ID credential.
async fn workflow(client: &jumio_kyx::Client, reference: &str) -> (Created, String) {
    let key = WorkflowKey::STANDALONE_ID_AND_IDENTITY_VERIFICATION;
    let created = Created::new(client, reference, key).await;
    let id = created.credential(CredentialCategory::Id);
    (created, id)
}

#[tokio::test]
async fn a_reader_past_the_limit_is_refused_naming_its_argument_and_nothing_is_stored() {
    let sandbox = sandbox(fast()).await;
    let client = builder(&sandbox)
        .max_upload_bytes(1_000_000)
        .build()
        .unwrap();
    let (created, id) = workflow(&client, "reader-endless").await;
    let endless = std::io::Cursor::new(FRONT_JPEG).chain(tokio::io::repeat(0));
    let endless = ImageSource::reader(endless, None);
    let e = created
        .upload(&client, &id, UploadClassifier::Front, endless)
        .await
        .unwrap_err();
    assert_eq!(*e.kind(), ErrorKind::Validation, "{e}");
    assert_eq!(e.field(), Some("front"));
    assert!(e.detail().unwrap().contains("1000000"), "{e}");
    let stored = client
        .download_part(&created.a, &id, jumio_kyx::types::PartClassifier::Front)
        .await;
    assert_eq!(*stored.unwrap_err().kind(), ErrorKind::NotFound);
    // Within the limit, the same kind of reader goes through.
    let within = ImageSource::reader(std::io::Cursor::new(FRONT_JPEG), None);
    created
        .upload(&client, &id, UploadClassifier::Front, within)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_reader_that_fails_is_a_local_file_error_whether_at_its_header_or_later() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let (created, id) = workflow(&client, "reader-fails").await;
    for data in [Vec::new(), [FRONT_JPEG, &[0u8; 700 * 1024][..]].concat()] {
        let data = std::io::Cursor::new(data);
        let failing = ImageSource::reader(FailsAfter { data }, None);
        let e = created
            .upload(&client, &id, UploadClassifier::Front, failing)
            .await
            .unwrap_err();
        assert_eq!(*e.kind(), ErrorKind::LocalFile, "{e}");
        assert!(e.detail().unwrap().contains("front"), "{e}");
        assert!(!e.is_retryable());
        let source = std::error::Error::source(&e).expect("the reader's error is kept");
        assert!(source.to_string().contains("disk went away"));
    }
}

/// A flow checks every image before it creates the account, and each upload checks its image
/// again: a one-shot reader longer than the header the check reads must still upload whole.
#[tokio::test]
async fn a_flow_streams_readers_longer_than_the_checked_header() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    // A JPEG followed by 700 KiB after its end marker: longer than the 512 KiB a check reads.
    let mut front = FRONT_JPEG.to_vec();
    front.extend(std::iter::repeat_n(0x5a, 700 * 1024));
    let started = client
        .run_identity_verification(jumio_kyx::IdentityVerification::new(
            "reader-flow",
            ImageSource::reader(std::io::Cursor::new(front.clone()), None),
            ImageSource::reader(std::io::Cursor::new(SELFIE_JPEG.to_vec()), None),
        ))
        .await
        .expect("the flow uploads both readers");
    let id_credential = started
        .account
        .credential(&CredentialCategory::Id)
        .expect("an ID credential")
        .id
        .clone();
    let stored = client
        .download_part(
            started.account_id(),
            &id_credential,
            jumio_kyx::types::PartClassifier::Front,
        )
        .await
        .expect("the front part")
        .bytes()
        .await
        .expect("its bytes");
    assert_eq!(stored.len(), front.len());
    assert!(
        stored == front,
        "the stored front differs from the reader's bytes"
    );
}
