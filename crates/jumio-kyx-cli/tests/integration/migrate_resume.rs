//! `kyx migrate` killed with SIGKILL several times during a run over 10,000 scan references,
//! then resumed: every reference is migrated exactly once, into its group's account, and the
//! report is complete.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;
use jumio_kyx_sandbox::{DropMode, FaultRule};

const SCANS: usize = 10_000;

fn count(journal: &Path, state: &str) -> u64 {
    let Ok(db) =
        rusqlite::Connection::open_with_flags(journal, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    db.query_row(
        "SELECT COUNT(*) FROM scans WHERE state = ?1",
        [state],
        |r| r.get::<_, i64>(0),
    )
    .map_or(0, |n| n as u64)
}

fn start(url: &str, dir: &Path) -> Child {
    kyx(Some(url))
        .args(words(
            "migrate --input scans.csv --journal migrate.db --rate-limit off",
        ))
        .args(words("--batch-size 3 --concurrency 8 -q"))
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("kyx starts")
}

#[test]
fn killed_runs_resume_and_migrate_every_scan_exactly_once() {
    let sb = sandbox(quick());
    let dir = tempfile::tempdir().unwrap();
    // Groups of one to four scans; ten scans were deleted; twenty were migrated beforehand.
    let mut csv = String::from("scan_reference,group\n");
    let mut group_of = HashMap::new();
    let (mut i, mut g) = (0usize, 0usize);
    while i < SCANS {
        for _ in 0..(g % 4 + 1) {
            if i == SCANS {
                break;
            }
            let scan = if i % 1000 == 500 {
                format!("S-WIPED-{i:05}")
            } else {
                format!("S-{i:05}")
            };
            csv.push_str(&format!("{scan},customer-{g}\n"));
            group_of.insert(scan, g);
            i += 1;
        }
        g += 1;
    }
    std::fs::write(dir.path().join("scans.csv"), csv).unwrap();
    let premigrated: Vec<String> = (0..20)
        .map(|n| format!("S-{:05}", n * 97 + 1))
        .filter(|s| group_of.contains_key(s))
        .collect();
    let client = jumio_kyx::Client::builder()
        .base_url(sb.url())
        .credentials("pre", "pre")
        .user_agent("tests/1.0")
        .build()
        .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for scan in &premigrated {
        runtime
            .block_on(
                client.create_migration(&jumio_kyx::types::MigrationRequest::new([scan.clone()])),
            )
            .unwrap();
    }

    // The faults apply to kyx's runs only: set before the premigration above, a dropped
    // answer there (rate 0.002 over 20 calls) failed the setup itself about one run in 25.
    // Slow calls widen the window in which a kill lands mid-request; a few answers are lost
    // after the migration happened, so the client must find out rather than resend.
    let slow = |operation: &str| FaultRule {
        latency_ms: 2,
        ..FaultRule::on(operation)
    };
    sb.set_faults(vec![
        slow("createMigration"),
        slow("updateMigration"),
        FaultRule {
            drop: Some(DropMode::After),
            rate: 0.002,
            count: Some(10),
            ..FaultRule::on("createMigration")
        },
    ])
    .unwrap();
    let journal = dir.path().join("migrate.db");
    let mut interrupted_mid_call = 0;
    for threshold in [0u64, 1_500, 3_500, 6_000, 8_500] {
        let mut child = start(sb.url(), dir.path());
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if count(&journal, "migrated") >= threshold || Instant::now() > deadline {
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let (done, sending) = (count(&journal, "migrated"), count(&journal, "sending"));
        eprintln!("killed at {done} migrated, {sending} in flight");
        assert!(done < (SCANS - 10) as u64, "the kill came before the end");
        if sending > 0 {
            interrupted_mid_call += 1;
        }
    }
    assert!(
        interrupted_mid_call > 0,
        "no kill landed while a request was in flight"
    );
    let status = start(sb.url(), dir.path()).wait().unwrap();
    assert_eq!(
        status.code(),
        Some(8),
        "the run completes; the deleted scans are reported as failed"
    );

    // The report: every scan once, migrated into its group's account, or refused as documented.
    let report = std::fs::read_to_string(dir.path().join("migrate.report.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(report.as_bytes());
    let mut account_of: HashMap<String, String> = HashMap::new();
    let mut group_account: HashMap<usize, String> = HashMap::new();
    let mut failed = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let (scan, status, account) = (row[0].to_string(), &row[2], &row[3]);
        if scan.contains("WIPED") {
            assert_eq!((status, &row[5]), ("failed", "wiped_out"), "{scan}");
            failed += 1;
            continue;
        }
        assert_eq!(status, "migrated", "{scan}: {:?}", row);
        assert!(!account.is_empty(), "{scan} has an account");
        if !premigrated.contains(&scan) {
            let expected = group_account
                .entry(group_of[&scan])
                .or_insert_with(|| account.to_string());
            assert_eq!(
                expected, account,
                "{scan}: the scans of one customer share an account"
            );
        }
        assert!(
            account_of
                .insert(scan.clone(), account.to_string())
                .is_none(),
            "{scan} twice in the report"
        );
    }
    assert_eq!(failed, 10);
    assert_eq!(
        account_of.len() + failed,
        SCANS,
        "the report lists every scan"
    );

    // The platform's view: each scan migrated once, into the account the report names.
    let migrated = sb.migrations();
    assert_eq!(
        migrated.len(),
        SCANS - 10,
        "every scan but the deleted ones is migrated, once"
    );
    for m in &migrated {
        assert_eq!(
            account_of.get(&m.scan_reference),
            Some(&m.account_id),
            "{}",
            m.scan_reference
        );
    }
    assert_eq!(count(&journal, "sending") + count(&journal, "pending"), 0);
}
