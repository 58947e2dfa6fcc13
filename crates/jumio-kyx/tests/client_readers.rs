//! Uploads from one-shot readers (`ImageSource::reader`): what the Python file objects and the
//! Node streams become in the core.

mod support;

use jumio_kyx::ImageSource;
use jumio_kyx::types::{CredentialCategory, PartClassifier};
use support::*;

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
        .download_part(started.account_id(), &id_credential, PartClassifier::Front)
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
