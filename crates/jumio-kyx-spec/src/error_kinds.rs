//! The error kinds of `x-kyx-error-kinds`: the core's `ErrorKind` codes and the exception
//! classes of both packages.

use serde::Deserialize;
use serde_yaml::Value;

use crate::{Result, one_line};

/// One error kind.
#[derive(Clone, Debug)]
pub struct ErrorKind {
    /// The core's `ErrorKind::code` (`not_found`).
    pub code: String,
    /// The class name (`NotFoundError`).
    pub class: String,
    /// The class's documentation, language-neutral Markdown, as one line.
    pub summary: String,
    /// A sentence added in Python (naming its attributes).
    pub note_python: Option<String>,
    /// A sentence added in Node.
    pub note_node: Option<String>,
    /// The builtin exception the Python class also extends (`ValueError`).
    pub python_base: Option<String>,
}

impl ErrorKind {
    /// The summary and one language's note, as Markdown.
    pub fn text(&self, note: &Option<String>) -> String {
        match note {
            Some(n) => format!("{} {n}", self.summary),
            None => self.summary.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KindDoc {
    code: String,
    class: String,
    #[serde(default)]
    summary: String,
    note_python: Option<String>,
    note_node: Option<String>,
    python_base: Option<String>,
}

/// Every error kind, in order (the core's order: a test of the crate compares them with
/// `ErrorKind::CLASSES`).
pub(crate) fn read(list: &Value) -> Result<Vec<ErrorKind>> {
    let docs: Vec<KindDoc> = crate::typed(list, "x-kyx-error-kinds")?;
    let identifier = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let text = |s: Option<String>| s.map(|s| one_line(&s)).filter(|s| !s.is_empty());
    let mut out: Vec<ErrorKind> = Vec::new();
    for k in docs {
        let (code, class) = (k.code, k.class);
        if !(identifier(&code) && code.chars().all(|c| !c.is_ascii_uppercase())) {
            return Err(format!("error kind {code:?}: the code is a snake_case name").into());
        }
        if !(identifier(&class) && class.ends_with("Error")) {
            return Err(format!(
                "error kind {code}: the class {class:?} is an identifier ending in Error"
            )
            .into());
        }
        if out.iter().any(|e| e.code == code || e.class == class) {
            return Err(format!(
                "error kind {code}: the code or the class {class} is listed twice"
            )
            .into());
        }
        if let Some(base) = k.python_base.as_deref().filter(|b| !identifier(b)) {
            return Err(
                format!("error kind {code}: python-base {base:?} is a builtin's name").into(),
            );
        }
        out.push(ErrorKind {
            summary: text(Some(k.summary))
                .ok_or_else(|| format!("error kind {code}: no summary"))?,
            code,
            class,
            note_python: text(k.note_python),
            note_node: text(k.note_node),
            python_base: k.python_base,
        });
    }
    if out.is_empty() {
        return Err("x-kyx-error-kinds is empty".into());
    }
    Ok(out)
}
