//! The spec's research citations in words, for what users read (rustdoc, Python docstrings,
//! TypeScript docs): `[DOC:NEW]` becomes "(documented by Jumio)", `[REAL:IF, SC]` "(seen in real
//! responses)", `[REAL-client:SC]` "(seen in third-party clients)", `[INF]` "(inferred, not
//! documented by Jumio)", and `[LJ]` (a third-party client, which the sentence always names) goes. The tags stay in the spec, where its maintainers trace
//! each statement to the API reference's sources.
//!
//! Shared by the core crate's build script and xtask's Python and TypeScript generators, so
//! that the three languages say the same.

/// `text` with every citation tag in words. Other bracketed text (`[MATCH]`, links) is left.
pub fn in_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let (before, after) = rest.split_at(open);
        let tag = after[1..]
            .find(']')
            .map(|close| (&after[1..1 + close], &after[close + 2..]))
            .filter(|(_, tail)| !tail.starts_with(['(', '[']))
            .and_then(|(inner, tail)| Some((words(inner)?, tail)));
        match tag {
            Some((words, tail)) => {
                out.push_str(before.trim_end_matches(' '));
                if !words.is_empty() {
                    if !(out.is_empty() || out.ends_with('\n')) {
                        out.push(' ');
                    }
                    out.push('(');
                    out.push_str(&words);
                    out.push(')');
                }
                rest = tail;
            }
            None => {
                out.push_str(before);
                out.push('[');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` still holds a citation tag (what generators check their output with).
pub fn has_citation(text: &str) -> bool {
    in_words(text) != text
}

/// The words of a tag's content (`DOC:NEW`, `REAL:IF, SC; DOC:NEW`, `INF`, `LJ`); `None` when it
/// is not a citation.
fn words(inner: &str) -> Option<String> {
    let mut said: Vec<&str> = Vec::new();
    for part in inner.split(';').map(str::trim) {
        let source = part.split([':', ' ', ',']).next().unwrap_or_default();
        let w = match source {
            "DOC" => "documented by Jumio",
            "REAL" => "seen in real responses",
            "REAL-client" => "seen in third-party clients",
            "INF" if part == "INF" => "inferred, not documented by Jumio",
            "LJ" if part == "LJ" => "",
            _ => return None,
        };
        if !w.is_empty() && !said.contains(&w) {
            said.push(w);
        }
    }
    Some(said.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_become_words_and_other_brackets_stay() {
        assert_eq!(
            in_words("Deprecated [DOC:NEW] but accepted [REAL:IF]."),
            "Deprecated (documented by Jumio) but accepted (seen in real responses)."
        );
        assert_eq!(
            in_words("the id [REAL:IF, SC; DOC:NEW]. It"),
            "the id (seen in real responses; documented by Jumio). It"
        );
        assert_eq!(
            in_words("a client calls [LJ] [INF]. The body"),
            "a client calls (inferred, not documented by Jumio). The body"
        );
        assert_eq!(in_words("client [LJ], outside"), "client, outside");
        assert_eq!(
            in_words("accepted [DOC:NEW; REAL-client:LJ]."),
            "accepted (documented by Jumio; seen in third-party clients)."
        );
        assert_eq!(in_words("PASSED: [MATCH]"), "PASSED: [MATCH]");
        assert_eq!(
            in_words("see [the docs](https://x) and [a][b]"),
            "see [the docs](https://x) and [a][b]"
        );
        assert_eq!(
            in_words("[DOC:NEW Application Settings] x"),
            "(documented by Jumio) x"
        );
        assert_eq!(in_words("unclosed [DOC:NEW"), "unclosed [DOC:NEW");
        assert!(has_citation("x [INF]") && !has_citation("x [MATCH]"));
    }
}
