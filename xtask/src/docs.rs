//! `cargo xtask docs`: one static site in `target/site/`, checked.
//!
//! * the guide: the READMEs, DECISIONS and the changelog as HTML pages, links between them
//!   rewritten to the pages (other repository files link to the repository);
//! * rustdoc of the client and the sandbox (`-D warnings`: a broken intra-doc link fails);
//! * the Python API reference (pdoc, from the installed package);
//! * the TypeScript API reference (TypeDoc, from `bindings/node/ts`);
//! * the HTTP API reference (Redoc, from the spec);
//! * a link check of every page: each relative link and image resolves to a file of the site,
//!   and each fragment into a guide page to one of its headings;
//! * every example the site shows: Rust ones are doctests (`cargo test`); the Python and
//!   TypeScript blocks of the guide, the docstrings' `Example::` blocks and TSDoc's `@example`
//!   blocks are type-checked (mypy, `tsc --strict`) against the packages (`doc_examples.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::{cargo, root, run, tools};

/// The repository, for links to files that are not pages of the site.
const REPOSITORY: &str = "https://github.com/jumio-kyx/jumio-kyx";

/// The guide: (source, page, title).
pub(crate) const GUIDE: &[(&str, &str, &str)] = &[
    ("README.md", "index.html", "Overview"),
    ("crates/jumio-kyx/README.md", "rust.html", "Rust"),
    ("bindings/python/README.md", "python.html", "Python"),
    ("bindings/node/README.md", "node.html", "Node"),
    ("openapi/DECISIONS.md", "decisions.html", "Decisions"),
    ("CHANGELOG.md", "changelog.html", "Changelog"),
];

/// The API references: (page, title).
const REFERENCES: &[(&str, &str)] = &[
    ("rust/jumio_kyx/index.html", "Rust API"),
    ("python/jumio_kyx.html", "Python API"),
    ("node/index.html", "TypeScript API"),
    ("api.html", "HTTP API"),
];

const STYLE: &str = "body{margin:0;font:16px/1.55 system-ui,sans-serif;color:#1d2330}\
nav{background:#12263f;padding:.6rem 1rem;position:sticky;top:0}\
nav a{color:#dfe8f5;margin-right:1.1rem;text-decoration:none}nav a.here{font-weight:700;color:#fff}\
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 4rem}\
pre{background:#f4f6fa;padding:.8rem;overflow-x:auto;border-radius:4px}\
code{font-size:.9em}table{border-collapse:collapse}td,th{border:1px solid #d5dbe5;padding:.25rem .5rem}\
img{max-width:100%}";

/// The site's directory.
pub fn site() -> PathBuf {
    root().join("target/site")
}

/// `cargo xtask docs`: builds the site and checks it. The Python reference documents the package
/// installed in the tools venv, and the TypeScript reference needs the Node package built.
pub fn build() -> Result<()> {
    let site = site();
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site)?;
    let pages = guide(&site)?;
    rustdoc(&site)?;
    pdoc(&site)?;
    typedoc(&site)?;
    run(tools::redocly()?
        .args(["build-docs", "openapi/jumio-kyx.yaml", "--output"])
        .arg(site.join("api.html")))?;
    let checked = check_links(&site, &pages)?;
    crate::doc_examples::check()?;
    println!(
        "docs: {} ({} pages, {checked} links checked)",
        site.join("index.html").display(),
        count_html(&site)?
    );
    Ok(())
}

fn rustdoc(site: &Path) -> Result<()> {
    run(cargo().env("RUSTDOCFLAGS", "-D warnings").args([
        "doc",
        "--no-deps",
        "--locked",
        "--all-features",
        "-p",
        "jumio-kyx",
        "-p",
        "jumio-kyx-sandbox",
    ]))?;
    copy_dir(&root().join("target/doc"), &site.join("rust"))?;
    // rustdoc writes no page at its root; its help and settings pages link one.
    std::fs::write(
        site.join("rust/index.html"),
        "<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url=jumio_kyx/index.html\">\
         <title>jumio-kyx Rust API</title><a href=\"jumio_kyx/index.html\">jumio_kyx</a> · \
         <a href=\"jumio_kyx_sandbox/index.html\">jumio_kyx_sandbox</a>\n",
    )?;
    Ok(())
}

/// Links no page of the site can satisfy, by design: in rustdoc pages, the intra-doc links of
/// other crates' blanket-impl docs (tracing's `Instrument`: `crate::Span`, `dispatcher#…`),
/// which rustdoc leaves as written; in the HTTP reference, the API's own paths (`/account`).
fn outside_the_site(page: &Path, site: &Path, link: &str) -> bool {
    let relative = page.strip_prefix(site).unwrap_or(page);
    if relative.starts_with("rust") {
        let path = link.split('#').next().unwrap_or(link);
        return link.contains("::")
            || (!path.contains('.') && !path.contains('/') && !path.is_empty());
    }
    relative == Path::new("api.html") && link.starts_with('/')
}

fn pdoc(site: &Path) -> Result<()> {
    run(Command::new(tools::venv()?.join("bin/python"))
        .args([
            "-m",
            "pdoc",
            "--docformat",
            "google",
            "--no-show-source",
            "-o",
        ])
        .arg(site.join("python"))
        .arg("jumio_kyx"))
}

fn typedoc(site: &Path) -> Result<()> {
    let bin = tools::node_tools()?.join("node_modules/.bin/typedoc");
    let node = root().join("bindings/node");
    let mut cmd = Command::new(bin);
    cmd.current_dir(&node)
        .args([
            "--tsconfig",
            "tsconfig.json",
            "--entryPointStrategy",
            "resolve",
            "--name",
            "jumio-kyx",
            "--readme",
            "none",
            "--treatWarningsAsErrors",
            "--disableSources",
            "--out",
        ])
        .arg(site.join("node"));
    for entry in typescript_entry_points(&node)? {
        cmd.args(["--entryPoints", &entry]);
    }
    run(&mut cmd)
}

/// `ts/index.ts` and each subpath export's module (e.g. `ts/express.ts`).
fn typescript_entry_points(node: &Path) -> Result<Vec<String>> {
    let pkg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(node.join("package.json"))?)?;
    let mut entries = vec!["ts/index.ts".to_string()];
    if let Some(exports) = pkg["exports"].as_object() {
        for key in exports.keys() {
            if let Some(sub) = key.strip_prefix("./").filter(|s| !s.ends_with(".json")) {
                let file = format!("ts/{sub}.ts");
                if node.join(&file).exists() {
                    entries.push(file);
                }
            }
        }
    }
    Ok(entries)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn count_html(dir: &Path) -> Result<usize> {
    Ok(files_under(dir, &["html"])?.len())
}

/// The files under `dir` (at any depth) with one of the `extensions`, sorted.
pub(crate) fn files_under(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| extensions.iter().any(|e| x == *e))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A repository path with `.` and `..` resolved (`None` when it leaves the repository).
fn normalise(path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Writes the guide pages; returns each page's heading ids (for the fragment check).
fn guide(site: &Path) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let by_source: BTreeMap<&str, &str> = GUIDE.iter().map(|(s, p, _)| (*s, *p)).collect();
    let mut ids_by_page = BTreeMap::new();
    for (source, page, title) in GUIDE {
        let markdown = std::fs::read_to_string(root().join(source))
            .with_context(|| format!("reading {source}"))?;
        let dir = Path::new(source).parent().unwrap_or(Path::new(""));
        let mut events: Vec<Event> = Parser::new_ext(
            &markdown,
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
        )
        .collect();
        let mut ids = BTreeSet::new();
        let mut i = 0;
        while i < events.len() {
            if matches!(events[i], Event::Start(Tag::Heading { .. })) {
                let mut text = String::new();
                for e in &events[i + 1..] {
                    match e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => {}
                    }
                }
                let base = slug(&text);
                let mut anchor = base.clone();
                let mut n = 1;
                while ids.contains(&anchor) {
                    anchor = format!("{base}-{n}");
                    n += 1;
                }
                ids.insert(anchor.clone());
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                    *id = Some(CowStr::from(anchor));
                }
            } else if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                &mut events[i]
            {
                let rewritten = rewrite_link(dest_url, dir, &by_source, site)?;
                *dest_url = CowStr::from(rewritten);
            }
            i += 1;
        }
        let mut body = String::new();
        pulldown_cmark::html::push_html(&mut body, events.into_iter());
        std::fs::write(site.join(page), page_html(title, page, &body))?;
        ids_by_page.insert(page.to_string(), ids);
    }
    Ok(ids_by_page)
}

/// A link of a Markdown file in `dir`, for the site: to a guide page, an image copied into the
/// site, or the file in the repository.
fn rewrite_link(
    dest: &str,
    dir: &Path,
    by_source: &BTreeMap<&str, &str>,
    site: &Path,
) -> Result<String> {
    if dest.starts_with('#') || dest.contains("://") || dest.starts_with("mailto:") {
        return Ok(dest.to_string());
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (dest, String::new()),
    };
    let Some(repo_path) = normalise(&dir.join(path)) else {
        bail!("a link in {} leaves the repository: {dest}", dir.display());
    };
    if let Some(page) = by_source.get(repo_path.as_str()) {
        return Ok(format!("{page}{fragment}"));
    }
    let file = root().join(&repo_path);
    if !file.exists() {
        bail!("a link in {} names a missing file: {dest}", dir.display());
    }
    if repo_path.starts_with("docs/images/") {
        let name = file.file_name().context("an image without a name")?;
        std::fs::create_dir_all(site.join("images"))?;
        std::fs::copy(&file, site.join("images").join(name))?;
        return Ok(format!("images/{}", name.to_string_lossy()));
    }
    let kind = if file.is_dir() { "tree" } else { "blob" };
    Ok(format!("{REPOSITORY}/{kind}/main/{repo_path}{fragment}"))
}

fn page_html(title: &str, page: &str, body: &str) -> String {
    let mut nav = String::new();
    for (_, p, t) in GUIDE {
        let here = if *p == page { " class=\"here\"" } else { "" };
        nav.push_str(&format!("<a href=\"{p}\"{here}>{t}</a>"));
    }
    for (p, t) in REFERENCES {
        nav.push_str(&format!("<a href=\"{p}\">{t}</a>"));
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · jumio-kyx</title><style>{STYLE}</style></head>\
         <body><nav>{nav}</nav><main>\n{body}</main></body></html>\n"
    )
}

/// Every `href` and `src` of every page: a relative one must name a file of the site (a
/// directory: its `index.html`), and a fragment into a guide page one of its headings. Returns
/// how many links were checked.
fn check_links(site: &Path, guide_ids: &BTreeMap<String, BTreeSet<String>>) -> Result<usize> {
    let mut broken = Vec::new();
    let (mut checked, mut skipped) = (0, 0);
    for page in files_under(site, &["html"])? {
        let html = std::fs::read_to_string(&page)?;
        let dir = page.parent().unwrap_or(site);
        for attr in ["href=\"", "src=\""] {
            for (at, _) in html.match_indices(attr) {
                let rest = &html[at + attr.len()..];
                let Some(end) = rest.find('"') else { continue };
                let link = &rest[..end];
                if link.is_empty()
                    || link.starts_with('#')
                    || link.contains("://")
                    || link.starts_with("//")
                    || link.starts_with("mailto:")
                    || link.starts_with("javascript:")
                    || link.starts_with("data:")
                    || link.contains('{')
                    || outside_the_site(&page, site, link)
                {
                    skipped += 1;
                    continue;
                }
                checked += 1;
                let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
                let path = path.split('?').next().unwrap_or(path).replace("%20", " ");
                let mut target = dir.join(&path);
                if target.is_dir() {
                    target = target.join("index.html");
                }
                if !target.is_file() {
                    broken.push(format!("{}: {link}", page.strip_prefix(site)?.display()));
                    continue;
                }
                let relative = target.strip_prefix(site).ok().and_then(normalise);
                if let Some(ids) = relative.and_then(|r| guide_ids.get(&r))
                    && !fragment.is_empty()
                    && !ids.contains(fragment)
                {
                    broken.push(format!(
                        "{}: {link} (no such heading)",
                        page.strip_prefix(site)?.display()
                    ));
                }
            }
        }
    }
    if !broken.is_empty() {
        broken.sort();
        broken.dedup();
        bail!(
            "{} broken links in the site:\n  {}",
            broken.len(),
            broken.join("\n  ")
        );
    }
    println!(
        "link check: {checked} relative links resolved; {skipped} external or outside the site"
    );
    Ok(checked)
}
