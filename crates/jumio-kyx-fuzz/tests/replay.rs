//! Every fuzz target over its corpus, without libFuzzer: the seeds made from the project's
//! examples, the committed regressions, and (on a machine that has fuzzed) the corpus and crash
//! inputs `cargo xtask fuzz` left. A broken promise fails the test and names the input.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use jumio_kyx_fuzz::{TARGETS, seeds};

#[test]
fn every_target_keeps_its_promises_over_its_corpus() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for (target, run) in TARGETS {
        let mut inputs: Vec<(String, Vec<u8>)> = seeds::seeds(target)
            .expect("the seeds' sources are readable")
            .into_iter()
            .enumerate()
            .map(|(i, b)| (format!("seed {i}"), b))
            .collect();
        assert!(
            !inputs.is_empty(),
            "{target} has no seeds: its sources moved?"
        );
        for dir in [
            here.join("regressions").join(target),
            here.join("corpus").join(target),
            here.join("artifacts").join(target),
        ] {
            for (path, bytes) in seeds::files(&dir).expect("a corpus directory is readable") {
                inputs.push((path.display().to_string(), bytes));
            }
        }
        for (name, input) in &inputs {
            if catch_unwind(AssertUnwindSafe(|| run(input))).is_err() {
                failures.push(format!("{target}: {name}"));
            }
        }
        println!("{target}: {} inputs", inputs.len());
    }
    assert!(
        failures.is_empty(),
        "broken promises:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_regressions_are_replayed() {
    let hrefs = seeds::regressions("hrefs").expect("readable");
    assert_eq!(hrefs.len(), 3, "the three past finds of the hrefs target");
}
