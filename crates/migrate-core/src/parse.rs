//! Parsing one migration file (DESIGN.md section 2) into a [`Revision`], with every problem in it.
//!
//! Simple, per-file checks happen here; checks across files live in [`crate::check`].

mod header;

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::revision::{Revision, Source, Text, TextList, checksum};
use header::Header;

/// The result of parsing one file: the revision (when at least its id could be read, so that checks across
/// files still see it) and every problem found in the file.
#[derive(Debug)]
pub struct ParsedFile {
    /// The revision, or `None` when the file has no usable `Revision ID`.
    pub revision: Option<Revision>,
    /// Problems in this file; empty means the file is valid on its own.
    pub diagnostics: Vec<Diagnostic>,
}

/// One line of the file: its 1-based number, its text without the line ending, and its byte offset.
#[derive(Clone, Copy)]
struct Line<'a> {
    number: u32,
    text: &'a str,
    start: usize,
}

/// The lines of `text`, without their `\n` or `\r\n` endings.
fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    text.split_inclusive('\n')
        .zip(1..)
        .map(move |(raw, number)| {
            let body = raw.strip_suffix('\n').unwrap_or(raw);
            let line = Line {
                number,
                text: body.strip_suffix('\r').unwrap_or(body),
                start,
            };
            start += raw.len();
            line
        })
}

/// `-- migrate:NAME` lines: returns `NAME`.
fn section_marker(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    rest.strip_prefix("migrate:").map(str::trim)
}

fn is_comment_or_blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with("--")
}

/// Whether a line belongs to the header: a `--` comment that is not a section marker.
fn is_header_line(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.starts_with("--") && section_marker(trimmed).is_none()
}

/// The problems found in one file, each pointing at `path`.
struct Problems<'a> {
    path: &'a str,
    list: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn report(&mut self, line: u32, message: String, help: Option<String>) {
        self.list.push(Diagnostic {
            path: self.path.to_owned(),
            line,
            message,
            help,
        });
    }

    /// The diagnostics in line order.
    fn sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort();
        self.list
    }
}

/// Parses the text of one migration file. `path` is used in diagnostics and recorded in the revision.
pub fn parse_file(path: &str, text: &str) -> ParsedFile {
    parse_file_at(path.to_owned(), text)
}

/// [`parse_file`], taking ownership of the path so the revision can keep it without a copy.
pub(crate) fn parse_file_at(path: String, text: &str) -> ParsedFile {
    let mut problems = Problems {
        path: &path,
        list: Vec::new(),
    };
    let mut lines = lines(text).peekable();

    // The header: the leading block of `-- Key: value` lines, up to a blank line, SQL or a section marker.
    while lines.next_if(|line| line.text.trim().is_empty()).is_some() {}
    let mut header = Header::default();
    while let Some(line) = lines.next_if(|line| is_header_line(line.text)) {
        header.read_line(line, &mut problems);
    }

    // The sections: free comments until `-- migrate:up`, then the up SQL, then optionally `-- migrate:down`.
    let mut up: Option<(u32, usize)> = None;
    let mut down: Option<(u32, usize)> = None;
    let mut up_end = text.len();
    let mut stray: Option<u32> = None;
    for line in lines {
        match section_marker(line.text) {
            Some("up") => {
                if let Some((first, _)) = up {
                    problems.report(
                        line.number,
                        "second `-- migrate:up` section".into(),
                        Some(format!("the first one starts at line {first}; keep one")),
                    );
                } else if let Some((down_line, _)) = down {
                    problems.report(
                        line.number,
                        format!("`-- migrate:up` comes after `-- migrate:down` (line {down_line})"),
                        Some("put the up section first".into()),
                    );
                } else {
                    up = Some((line.number, line.start + line.text.len()));
                }
            }
            Some("down") => {
                if let Some((first, _)) = down {
                    problems.report(
                        line.number,
                        "second `-- migrate:down` section".into(),
                        Some(format!("the first one starts at line {first}; keep one")),
                    );
                } else {
                    if up.is_some() {
                        up_end = line.start;
                    }
                    down = Some((line.number, line.start + line.text.len()));
                }
            }
            Some(other) => problems.report(
                line.number,
                format!("unknown section marker `-- migrate:{other}`"),
                Some("the sections are `-- migrate:up` and `-- migrate:down`".into()),
            ),
            None => {
                if up.is_none()
                    && down.is_none()
                    && stray.is_none()
                    && !is_comment_or_blank(line.text)
                {
                    stray = Some(line.number);
                }
            }
        }
    }

    let body_start = |offset: usize| {
        // Skip the line ending of the marker line itself.
        let rest = &text[offset..];
        offset + rest.find('\n').map_or(rest.len(), |n| n + 1)
    };
    let mut up_sql = "";
    let mut up_bytes = (0, 0);
    let mut up_line = 0;
    if let Some(line) = stray {
        // Without any up marker, the SQL found is what needs one: one diagnostic, at that line.
        let (message, help) = if up.is_none() {
            (
                "missing `-- migrate:up` section",
                format!("add a line `-- migrate:up` above the SQL at line {line}"),
            )
        } else {
            (
                "SQL before `-- migrate:up`",
                "put the SQL below the `-- migrate:up` line".to_owned(),
            )
        };
        problems.report(line, message.into(), Some(help));
    }
    match up {
        None if stray.is_some() => {}
        None => problems.report(
            1,
            "missing `-- migrate:up` section".into(),
            Some(
                "add a line `-- migrate:up` followed by the SQL that applies this revision".into(),
            ),
        ),
        Some((line, offset)) => {
            up_line = line;
            let start = body_start(offset).min(up_end);
            up_bytes = (start, up_end);
            up_sql = &text[start..up_end];
            let is_merge = header.parents.as_ref().is_some_and(|(p, _)| p.len() > 1);
            if up_sql.lines().all(is_comment_or_blank) && !is_merge {
                problems.report(
                    line,
                    "empty `-- migrate:up` section".into(),
                    Some("write the SQL that applies this revision below `-- migrate:up`".into()),
                );
            }
        }
    }
    let down_bytes = match down {
        Some((_, offset)) if up.is_some() => Some((body_start(offset), text.len())),
        _ => None,
    };
    let down_sql = down_bytes.map(|(start, end)| &text[start..end]);
    let down_line = match down {
        Some((line, _)) if up.is_some() => line,
        _ => 0,
    };

    let Some((id, id_line)) = header.id else {
        if !header.id_line_seen {
            problems.report(
                1,
                "missing `Revision ID` header".into(),
                Some("start the file with a line `-- Revision ID: <id>` (12 hex digits, as `migrate revision` writes)".into()),
            );
        }
        return ParsedFile {
            revision: None,
            diagnostics: problems.sorted(),
        };
    };
    let diagnostics = problems.sorted();
    let list = |entry: Option<(Vec<Text>, u32)>| -> (TextList, u32) {
        match entry {
            Some((items, line)) => (Cow::Owned(items), line),
            None => (Cow::Borrowed(&[]), id_line),
        }
    };
    let (parents, parents_line) = list(header.parents);
    let (depends_on, depends_on_line) = list(header.depends_on);
    let (branch_labels, labels_line) = list(header.labels);
    let owned = |s: String| -> Text { Cow::Owned(s) };
    let revision = Revision {
        checksum: owned(checksum(up_sql)),
        id: owned(id),
        parents,
        depends_on,
        branch_labels,
        message: owned(header.message.unwrap_or_default()),
        create_date: owned(header.create_date.unwrap_or_default()),
        transactional: header.transactional.unwrap_or(true),
        up_sql: owned(up_sql.to_owned()),
        down_sql: down_sql.map(|sql| owned(sql.to_owned())),
        source: Source {
            path: owned(path),
            id_line,
            parents_line,
            depends_on_line,
            labels_line,
            up_line,
            down_line,
            up_bytes,
            down_bytes,
        },
    };
    ParsedFile {
        revision: Some(revision),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::header::name_rule_help;
    use super::*;

    const FULL: &str = "-- Revision ID: 3f2a9c1b7d4e
-- Revises: 1a2b3c4d5e6f
-- Message: add email to users
-- Create Date: 2026-11-21 10:04:11
-- Branch Labels: accounts
-- Depends On: 55af2cb1c267
-- Transactional: false

-- migrate:up
ALTER TABLE users ADD COLUMN email TEXT;

-- migrate:down
ALTER TABLE users DROP COLUMN email;
";

    fn messages(text: &str) -> Vec<String> {
        parse_file("migrations/x.sql", text)
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn parses_every_field() {
        let parsed = parse_file("migrations/3f2a_add_email.sql", FULL);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let rev = parsed.revision.unwrap();
        assert_eq!(rev.id, "3f2a9c1b7d4e");
        assert_eq!(rev.parents.as_ref(), ["1a2b3c4d5e6f"]);
        assert_eq!(rev.depends_on.as_ref(), ["55af2cb1c267"]);
        assert_eq!(rev.branch_labels.as_ref(), ["accounts"]);
        assert_eq!(rev.message, "add email to users");
        assert_eq!(rev.create_date, "2026-11-21 10:04:11");
        assert!(!rev.transactional);
        assert_eq!(rev.up_sql, "ALTER TABLE users ADD COLUMN email TEXT;\n\n");
        assert_eq!(
            rev.down_sql.as_deref(),
            Some("ALTER TABLE users DROP COLUMN email;\n")
        );
        assert_eq!(
            rev.checksum,
            checksum("ALTER TABLE users ADD COLUMN email TEXT;\n\n")
        );
        assert_eq!(
            (
                rev.source.id_line,
                rev.source.parents_line,
                rev.source.labels_line,
                rev.source.up_line,
                rev.source.down_line
            ),
            (1, 2, 5, 9, 12)
        );
    }

    #[test]
    fn sections_keep_their_byte_ranges() {
        let text = "-- Revision ID: a1\n\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n";
        let rev = parse_file("m/a.sql", text).revision.unwrap();
        let (start, end) = rev.source.up_bytes;
        assert_eq!(&text[start..end], "SELECT 1;\n");
        assert_eq!(&text[start..end], rev.up_sql);
        let (start, end) = rev.source.down_bytes.unwrap();
        assert_eq!(&text[start..end], "SELECT 2;\n");
        let irreversible = parse_file(
            "m/b.sql",
            "-- Revision ID: b2\n\n-- migrate:up\nSELECT 1;\n",
        );
        assert_eq!(irreversible.revision.unwrap().source.down_bytes, None);
    }

    #[test]
    fn crlf_checkout_has_the_same_checksum() {
        let crlf = FULL.replace('\n', "\r\n");
        let a = parse_file("a.sql", FULL).revision.unwrap();
        let b = parse_file("a.sql", &crlf).revision.unwrap();
        assert_eq!(a.checksum, b.checksum);
        assert_eq!(b.parents.as_ref(), ["1a2b3c4d5e6f"]);
    }

    #[test]
    fn root_without_down_is_irreversible_and_transactional() {
        let rev = parse_file(
            "a.sql",
            "-- Revision ID: a1\n-- Revises:\n\n-- migrate:up\nCREATE TABLE t (id INT);\n",
        )
        .revision
        .unwrap();
        assert!(rev.parents.is_empty());
        assert!(rev.transactional);
        assert!(!rev.is_reversible());
    }

    #[test]
    fn malformed_header_line() {
        assert_eq!(
            messages("-- Revision ID: a1\n-- just a comment\n-- migrate:up\nSELECT 1;\n"),
            [
                "migrations/x.sql:2: malformed header line `-- just a comment`: expected `-- Key: value`\n  help: separate free comments from the header with a blank line"
            ]
        );
    }

    #[test]
    fn unknown_header_key_suggests_the_known_one() {
        assert_eq!(
            messages("-- Revision ID: a1\n-- Revizes: b1\n\n-- migrate:up\nSELECT 1;\n"),
            [
                "migrations/x.sql:2: unknown header key `Revizes`\n  help: did you mean `Revises`? Known keys: Revision ID, Revises, Message, Create Date, Branch Labels, Depends On, Transactional"
            ]
        );
    }

    #[test]
    fn missing_revision_id() {
        let parsed = parse_file(
            "migrations/x.sql",
            "-- Revises: b1\n\n-- migrate:up\nSELECT 1;\n",
        );
        assert!(parsed.revision.is_none());
        assert_eq!(
            parsed
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                "migrations/x.sql:1: missing `Revision ID` header\n  help: start the file with a line `-- Revision ID: <id>` (12 hex digits, as `migrate revision` writes)"
            ]
        );
    }

    #[test]
    fn missing_and_empty_up() {
        assert_eq!(
            messages("-- Revision ID: a1\n\n-- migrate:down\nDROP TABLE t;\n"),
            [
                "migrations/x.sql:1: missing `-- migrate:up` section\n  help: add a line `-- migrate:up` followed by the SQL that applies this revision"
            ]
        );
        assert_eq!(
            messages(
                "-- Revision ID: a1\n\n-- migrate:up\n-- nothing yet\n\n-- migrate:down\nDROP TABLE t;\n"
            ),
            [
                "migrations/x.sql:3: empty `-- migrate:up` section\n  help: write the SQL that applies this revision below `-- migrate:up`"
            ]
        );
    }

    #[test]
    fn two_up_sections() {
        assert_eq!(
            messages("-- Revision ID: a1\n\n-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n"),
            [
                "migrations/x.sql:5: second `-- migrate:up` section\n  help: the first one starts at line 3; keep one"
            ]
        );
    }

    #[test]
    fn invalid_ids_and_labels() {
        assert_eq!(
            messages(
                "-- Revision ID: a-b\n-- Branch Labels: ok, bad label\n\n-- migrate:up\nSELECT 1;\n"
            ),
            [
                format!(
                    "migrations/x.sql:1: invalid revision id `a-b`\n  help: {}",
                    name_rule_help()
                ),
                format!(
                    "migrations/x.sql:2: invalid branch label `bad label`\n  help: {}",
                    name_rule_help()
                ),
            ]
        );
        assert_eq!(
            messages("-- Revision ID: head\n\n-- migrate:up\nSELECT 1;\n"),
            [format!(
                "migrations/x.sql:1: invalid revision id `head`\n  help: {}",
                name_rule_help()
            )]
        );
    }

    #[test]
    fn other_section_problems() {
        assert_eq!(
            messages(
                "-- Revision ID: a1\n\nSELECT 0;\n-- migrate:up\nSELECT 1;\n-- migrate:sideways\n"
            ),
            [
                "migrations/x.sql:3: SQL before `-- migrate:up`\n  help: put the SQL below the `-- migrate:up` line",
                "migrations/x.sql:6: unknown section marker `-- migrate:sideways`\n  help: the sections are `-- migrate:up` and `-- migrate:down`",
            ]
        );
        assert_eq!(
            messages(
                "-- Revision ID: a1\n-- Transactional: maybe\n-- Message: x\n-- Message: y\n\n-- migrate:up\nSELECT 1;\n"
            ),
            [
                "migrations/x.sql:2: invalid `Transactional` value `maybe`\n  help: write `true` or `false`",
                "migrations/x.sql:4: header key `Message` appears twice\n  help: keep one of the two lines",
            ]
        );
    }

    #[test]
    fn a_merge_may_have_an_empty_up_section() {
        let rev = parse_file(
            "m.sql",
            "-- Revision ID: m1\n-- Revises: a1, b1\n\n-- migrate:up\n\n-- migrate:down\n",
        )
        .revision
        .unwrap();
        assert_eq!(rev.parents.as_ref(), ["a1", "b1"]);
        assert_eq!(rev.up_sql, "\n");
    }

    #[test]
    fn empty_down_section_is_a_reversible_no_op() {
        let rev = parse_file(
            "a.sql",
            "-- Revision ID: a1\n\n-- migrate:up\nSELECT 1;\n-- migrate:down\n",
        )
        .revision
        .unwrap();
        assert_eq!(rev.down_sql.as_deref(), Some(""));
        assert_eq!(rev.up_sql, "SELECT 1;\n");
    }
}
