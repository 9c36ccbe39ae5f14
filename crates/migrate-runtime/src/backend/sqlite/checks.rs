//! The CHECK constraints of a SQLite table, which SQLite keeps only in the `CREATE TABLE` text of
//! `sqlite_master`: read with the statement splitter's SQLite lexer (so strings, quoted identifiers and
//! comments are skipped), every `CHECK (...)` in the column list, named when `CONSTRAINT <name>` precedes it.

use migrate_schema::Check;

use crate::backend::Backend;
use crate::split::{Kind, tokens};

/// The checks of one `CREATE TABLE` statement, in the order written; the expression is the text inside the
/// parentheses, as written.
pub(super) fn checks(create_table: &str) -> Vec<Check> {
    let code: Vec<_> = tokens(create_table, Backend::Sqlite)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let text = |i: usize| &create_table[code[i].start..code[i].end];
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < code.len() {
        match (code[i].kind, text(i)) {
            (Kind::Punct, "(") => depth += 1,
            (Kind::Punct, ")") => depth = depth.saturating_sub(1),
            (Kind::Word, word)
                if depth == 1
                    && word.eq_ignore_ascii_case("check")
                    && i + 1 < code.len()
                    && text(i + 1) == "(" =>
            {
                let open = i + 1;
                let mut level = 0usize;
                let mut close = open;
                for (j, token) in code.iter().enumerate().skip(open) {
                    match (token.kind, text(j)) {
                        (Kind::Punct, "(") => level += 1,
                        (Kind::Punct, ")") => {
                            level -= 1;
                            if level == 0 {
                                close = j;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                if close == open {
                    break;
                }
                let name = (i >= 2 && text(i - 2).eq_ignore_ascii_case("constraint"))
                    .then(|| unquote(text(i - 1)));
                out.push(Check {
                    name,
                    expression: create_table[code[open].end..code[close].start]
                        .trim()
                        .to_owned(),
                });
                i = close + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A name without its quotes (`"a""b"`, `` `x` ``, `[x]`, `'x'`).
fn unquote(name: &str) -> String {
    let bytes = name.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(b'['), Some(b']')) => name[1..name.len() - 1].to_owned(),
        (Some(&q @ (b'"' | b'`' | b'\'')), Some(&l)) if q == l && name.len() >= 2 => {
            let q = q as char;
            name[1..name.len() - 1].replace(&format!("{q}{q}"), &q.to_string())
        }
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::checks;

    #[test]
    fn checks_are_read_from_the_create_table_text() {
        let found = checks(
            "CREATE TABLE t (a INTEGER CHECK (a > 0), b TEXT DEFAULT 'CHECK (no)' /* CHECK (no) */, \"check\" INT, CONSTRAINT \"b is short\" CHECK (length(b) < (10)), CHECK(a <> 3))",
        );
        let found: Vec<(Option<&str>, &str)> = found
            .iter()
            .map(|c| (c.name.as_deref(), c.expression.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (None, "a > 0"),
                (Some("b is short"), "length(b) < (10)"),
                (None, "a <> 3")
            ]
        );
    }
}
