//! `fuzz-seeds <corpus-dir> <target>…`: writes each target's seeds and regressions into
//! `<corpus-dir>/<target>/` (files not already there), and prints how many it added. `cargo
//! xtask fuzz` runs it before libFuzzer.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let corpus = PathBuf::from(
        args.next()
            .expect("usage: fuzz-seeds <corpus-dir> <target>…"),
    );
    for target in args {
        let target = target.to_string_lossy();
        let dir = corpus.join(&*target);
        std::fs::create_dir_all(&dir)?;
        let mut inputs = jumio_kyx_fuzz::seeds::seeds(&target)?;
        inputs.extend(
            jumio_kyx_fuzz::seeds::regressions(&target)?
                .into_iter()
                .map(|(_, b)| b),
        );
        let mut added = 0;
        for (i, input) in inputs.iter().enumerate() {
            let path = dir.join(format!("seed-{i:03}"));
            if !path.exists() {
                std::fs::write(&path, input)?;
                added += 1;
            }
        }
        println!("{target} {added}");
    }
    Ok(())
}
