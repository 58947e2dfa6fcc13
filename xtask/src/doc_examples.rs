//! The examples of the docs, type-checked against the packages (a step of `cargo xtask docs`).
//!
//! * the guide's fenced Python and TypeScript blocks (the READMEs, DECISIONS, the changelog);
//! * every `Example::` block of a Python docstring (what pdoc shows);
//! * every `@example` block of a TSDoc comment (what TypeDoc shows).
//!
//! Each example becomes the body of an async function (so `await` works and its names are its
//! own) after a preamble that declares the names examples use without defining (`client`,
//! `account_id`, a request …; `xtask/doc-examples/`). A Python docstring example inside an
//! `Async…` class sees `client` as an `AsyncClient`. Rust examples are doctests (`cargo test`).

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::docs::files_under;
use crate::{root, run, tools};

/// One example: where it comes from, its code, and whether `client` is the async client.
struct Example {
    source: String,
    code: String,
    async_client: bool,
}

/// Type-checks every example; fails naming the generated file (which names its source).
pub fn check() -> Result<()> {
    let work = root().join("target/xtask/doc-examples");
    let _ = std::fs::remove_dir_all(&work);
    let (py_dir, ts_dir) = (work.join("python"), work.join("ts"));
    std::fs::create_dir_all(&py_dir)?;
    std::fs::create_dir_all(&ts_dir)?;
    let templates = root().join("xtask/doc-examples");
    std::fs::copy(templates.join("preamble.py"), py_dir.join("preamble.py"))?;
    let ts_preamble = std::fs::read_to_string(templates.join("preamble.ts"))?;

    let (mut python, mut typescript) = (
        guide_blocks(&["python", "py"])?,
        guide_blocks(&["ts", "typescript"])?,
    );
    let guide_counts = (python.len(), typescript.len());
    let package = root().join("bindings/python/python/jumio_kyx");
    for file in files_under(&package, &["py", "pyi"])? {
        python.extend(docstring_examples(&file, &std::fs::read_to_string(&file)?));
    }
    for file in files_under(&root().join("bindings/node/ts"), &["ts"])? {
        typescript.extend(tsdoc_examples(&file, &std::fs::read_to_string(&file)?));
    }
    if guide_counts.0 == 0 || guide_counts.1 == 0 {
        bail!("found {guide_counts:?} Python and TypeScript blocks in the guide: expected both");
    }
    if python.len() == guide_counts.0 || typescript.len() == guide_counts.1 {
        bail!("found no docstring or no TSDoc examples: has their format changed?");
    }

    for (n, e) in python.iter().enumerate() {
        let mut body = String::new();
        if e.async_client {
            body.push_str("    client = aclient\n");
        }
        for line in e.code.lines() {
            body.push_str(&format!("    {line}\n"));
        }
        std::fs::write(
            py_dir.join(format!("example_{n:03}.py")),
            format!(
                "# {}\nfrom preamble import *  # noqa: F403\n\n\nasync def example() -> None:\n{body}",
                e.source
            ),
        )?;
    }
    run(Command::new(tools::venv()?.join("bin/python"))
        .args([
            "-m",
            "mypy",
            "--no-incremental",
            "--check-untyped-defs",
            "--disable-error-code",
            "unused-coroutine",
            "--disable-error-code",
            "no-redef",
            ".",
        ])
        .current_dir(&py_dir))?;

    let mut tsc = crate::node::tsc_as_a_user(&ts_dir);
    for (n, e) in typescript.iter().enumerate() {
        let (imports, body) = split_imports(&e.code);
        let body: String = body.lines().map(|l| format!("  {l}\n")).collect();
        let path = ts_dir.join(format!("example_{n:03}.ts"));
        tsc.arg(&path);
        std::fs::write(
            path,
            format!(
                "// {}\n{imports}\n{ts_preamble}\nexport async function example(): Promise<void> {{\n{body}}}\n",
                e.source
            ),
        )?;
    }
    // The package resolves as a dependency would: node_modules/jumio-kyx → bindings/node.
    let node = root().join("bindings/node");
    std::fs::create_dir_all(ts_dir.join("node_modules"))?;
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&node, ts_dir.join("node_modules/jumio-kyx"))?;
        // The frameworks the receiver examples import, from the package's dev dependencies.
        for dependency in ["express", "fastify", "@types"] {
            std::os::unix::fs::symlink(
                node.join("node_modules").join(dependency),
                ts_dir.join("node_modules").join(dependency),
            )?;
        }
    }
    std::fs::write(
        ts_dir.join("package.json"),
        "{\"name\": \"doc-examples\", \"private\": true, \"type\": \"module\"}\n",
    )?;
    run(&mut tsc)?;
    println!(
        "doc examples type-check: Python {} (guide {}, docstrings {}), TypeScript {} (guide {}, TSDoc {})",
        python.len(),
        guide_counts.0,
        python.len() - guide_counts.0,
        typescript.len(),
        guide_counts.1,
        typescript.len() - guide_counts.1
    );
    Ok(())
}

/// The guide's fenced blocks in one of `languages`.
fn guide_blocks(languages: &[&str]) -> Result<Vec<Example>> {
    let mut out = Vec::new();
    for (source, _, _) in crate::docs::GUIDE {
        let markdown = std::fs::read_to_string(root().join(source))?;
        for (n, code) in code_blocks(&markdown, languages).into_iter().enumerate() {
            out.push(Example {
                source: format!("{source}, block {}", n + 1),
                code,
                async_client: false,
            });
        }
    }
    Ok(out)
}

/// The fenced blocks of a Markdown file in one of `languages`.
fn code_blocks(markdown: &str, languages: &[&str]) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) => {
                let lang = info.split([',', ' ']).next().unwrap_or("");
                if languages.contains(&lang) {
                    current = Some(String::new());
                }
            }
            Event::Text(t) => {
                if let Some(c) = &mut current {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(c) = current.take() {
                    blocks.push(c);
                }
            }
            _ => {}
        }
    }
    blocks
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn relative(file: &Path) -> String {
    file.strip_prefix(root())
        .unwrap_or(file)
        .display()
        .to_string()
}

/// The reStructuredText literal blocks introduced by `Example::` in a Python file's docstrings:
/// the lines indented deeper than the `Example::` line, dedented.
fn docstring_examples(file: &Path, text: &str) -> Vec<Example> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != "Example::" {
            continue;
        }
        let base = indent(line);
        let block: Vec<&str> = lines[i + 1..]
            .iter()
            .take_while(|l| l.trim().is_empty() || indent(l) > base)
            .copied()
            .collect();
        let depth = block
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indent(l))
            .min()
            .unwrap_or(0);
        let code: Vec<&str> = block
            .iter()
            .map(|l| if l.len() >= depth { &l[depth..] } else { "" })
            .collect();
        // The class the docstring belongs to: the nearest line above at column 0.
        let owner = lines[..i]
            .iter()
            .rev()
            .find(|l| {
                !l.trim().is_empty() && indent(l) == 0 && !l.starts_with(['"', '#', '@', ')'])
            })
            .copied()
            .unwrap_or("");
        out.push(Example {
            source: format!("{}:{}", relative(file), i + 1),
            code: code.join("\n").trim_end().to_string() + "\n",
            async_client: base > 0 && owner.starts_with("class ") && owner.contains("Async"),
        });
    }
    out
}

/// The fenced blocks after `@example` in a TypeScript file's doc comments, ` * ` stripped.
fn tsdoc_examples(file: &Path, text: &str) -> Vec<Example> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let comment_text = |l: &str| -> String {
        let t = l.trim_start();
        let t = t.strip_prefix('*').unwrap_or(t);
        t.strip_prefix(' ').unwrap_or(t).to_string()
    };
    let mut i = 0;
    while i < lines.len() {
        if comment_text(lines[i]).trim() == "@example" {
            let start = i;
            // The fence opens on one of the next lines, inside the same comment.
            while i < lines.len() && !comment_text(lines[i]).starts_with("```") {
                i += 1;
            }
            i += 1;
            let mut code = String::new();
            while i < lines.len() && !comment_text(lines[i]).starts_with("```") {
                code.push_str(&comment_text(lines[i]));
                code.push('\n');
                i += 1;
            }
            out.push(Example {
                source: format!("{}:{}", relative(file), start + 1),
                code,
                async_client: false,
            });
        }
        i += 1;
    }
    out
}

/// An example's `import` statements (which must be at a module's top level) and the rest.
fn split_imports(code: &str) -> (String, String) {
    let (mut imports, mut body) = (String::new(), String::new());
    let mut in_import = false;
    for line in code.lines() {
        if line.starts_with("import ") || in_import {
            imports.push_str(line);
            imports.push('\n');
            // `import {` … `} from '…';` may span lines.
            in_import = !(line.contains(" from ") || line.starts_with("import '"));
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    (imports, body)
}
