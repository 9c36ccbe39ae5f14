//! Parsing one migration file (DESIGN.md section 2) into a [`Revision`], with every problem in it.
//!
//! Simple, per-file checks happen here; checks across files live in [`crate::check`].

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, closest};
use crate::revision::{Revision, Source, Text, TextList, checksum, is_valid_name};

/// The header keys, as the CLI writes them.
const KEYS: [&str; 7] = [
    "Revision ID",
    "Revises",
    "Message",
    "Create Date",
    "Branch Labels",
    "Depends On",
    "Transactional",
];

/// The result of parsing one file: the revision (when at least its id could be read, so that checks across
/// files still see it) and every problem found in the file.
#[derive(Debug)]
pub struct ParsedFile {
    /// The revision, or `None` when the file has no usable `Revision ID`.
    pub revision: Option<Revision>,
    /// Problems in this file; empty means the file is valid on its own.
    pub diagnostics: Vec<Diagnostic>,
}

/// One line of the file: its 1-based number, its text without the line ending, and its byte range.
struct Line<'a> {
    number: u32,
    text: &'a str,
    start: usize,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let body = raw.strip_suffix('\n').unwrap_or(raw);
        let body = body.strip_suffix('\r').unwrap_or(body);
        out.push(Line {
            number: index as u32 + 1,
            text: body,
            start,
        });
        start += raw.len();
    }
    out
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

/// What the header said, with the line of each key.
#[derive(Default)]
struct Header {
    id: Option<(String, u32)>,
    parents: Option<(Vec<String>, u32)>,
    depends_on: Option<(Vec<String>, u32)>,
    labels: Option<(Vec<String>, u32)>,
    message: Option<String>,
    create_date: Option<String>,
    transactional: Option<bool>,
}

/// Parses the text of one migration file. `path` is used in diagnostics and recorded in the revision.
pub fn parse_file(path: &str, text: &str) -> ParsedFile {
    let mut problems = Vec::new();
    let mut report = |line: u32, message: String, help: Option<String>| {
        problems.push(Diagnostic {
            path: path.to_owned(),
            line,
            message,
            help,
        });
    };
    let lines = lines(text);
    let mut header = Header::default();
    let mut id_line_seen = false;
    let mut index = 0;

    // The header: the leading block of `-- Key: value` lines, up to a blank line, SQL or a section marker.
    while index < lines.len() && lines[index].text.trim().is_empty() {
        index += 1;
    }
    while index < lines.len() {
        let line = &lines[index];
        let trimmed = line.text.trim();
        let Some(comment) = trimmed.strip_prefix("--") else {
            break;
        };
        if section_marker(trimmed).is_some() {
            break;
        }
        index += 1;
        let Some((key, value)) = comment.split_once(':') else {
            report(
                line.number,
                format!("malformed header line `{trimmed}`: expected `-- Key: value`"),
                Some("separate free comments from the header with a blank line".into()),
            );
            continue;
        };
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        let value = value.trim();
        let Some(canonical) = KEYS.iter().find(|k| k.eq_ignore_ascii_case(&key)) else {
            let help = match closest(
                &key.to_ascii_lowercase(),
                KEYS.iter().copied().map(lowercase_key),
            ) {
                Some(hit) => format!(
                    "did you mean `{}`? Known keys: {}",
                    KEYS.iter()
                        .find(|k| lowercase_key(k) == hit)
                        .unwrap_or(&hit),
                    KEYS.join(", ")
                ),
                None => format!("known keys: {}", KEYS.join(", ")),
            };
            report(
                line.number,
                format!("unknown header key `{key}`"),
                Some(help),
            );
            continue;
        };
        let names = |what: &str, report: &mut dyn FnMut(u32, String, Option<String>)| {
            let mut out: Vec<String> = Vec::new();
            for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if !is_valid_name(item) {
                    report(
                        line.number,
                        format!("invalid {what} `{item}`"),
                        Some(name_rule_help()),
                    );
                } else if out.iter().any(|seen| seen == item) {
                    report(
                        line.number,
                        format!("{what} `{item}` is listed twice"),
                        None,
                    );
                } else {
                    out.push(item.to_owned());
                }
            }
            out
        };
        let duplicate = match *canonical {
            "Revision ID" => {
                id_line_seen = true;
                let dup = header.id.is_some();
                if !dup {
                    if is_valid_name(value) {
                        header.id = Some((value.to_owned(), line.number));
                    } else if value.is_empty() {
                        report(
                            line.number,
                            "empty `Revision ID`".into(),
                            Some(name_rule_help()),
                        );
                    } else {
                        report(
                            line.number,
                            format!("invalid revision id `{value}`"),
                            Some(name_rule_help()),
                        );
                    }
                }
                dup
            }
            "Revises" => {
                let dup = header.parents.is_some();
                let list = names("parent revision id", &mut report);
                header.parents.get_or_insert((list, line.number));
                dup
            }
            "Depends On" => {
                let dup = header.depends_on.is_some();
                let list = names("depends-on revision", &mut report);
                header.depends_on.get_or_insert((list, line.number));
                dup
            }
            "Branch Labels" => {
                let dup = header.labels.is_some();
                let list = names("branch label", &mut report);
                header.labels.get_or_insert((list, line.number));
                dup
            }
            "Message" => header.message.replace(value.to_owned()).is_some(),
            "Create Date" => header.create_date.replace(value.to_owned()).is_some(),
            _ => {
                let flag = match value.to_ascii_lowercase().as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => {
                        report(
                            line.number,
                            format!("invalid `Transactional` value `{value}`"),
                            Some("write `true` or `false`".into()),
                        );
                        None
                    }
                };
                let dup = header.transactional.is_some();
                if let Some(flag) = flag {
                    header.transactional.get_or_insert(flag);
                }
                dup
            }
        };
        if duplicate {
            report(
                line.number,
                format!("header key `{canonical}` appears twice"),
                Some("keep one of the two lines".into()),
            );
        }
    }

    // The sections: free comments until `-- migrate:up`, then the up SQL, then optionally `-- migrate:down`.
    let mut up: Option<(u32, usize)> = None;
    let mut down: Option<(u32, usize)> = None;
    let mut up_end = text.len();
    let mut stray: Option<u32> = None;
    for line in &lines[index..] {
        match section_marker(line.text) {
            Some("up") => {
                if let Some((first, _)) = up {
                    report(
                        line.number,
                        "second `-- migrate:up` section".into(),
                        Some(format!("the first one starts at line {first}; keep one")),
                    );
                } else if let Some((down_line, _)) = down {
                    report(
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
                    report(
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
            Some(other) => report(
                line.number,
                format!("unknown section marker `-- migrate:{other}`"),
                Some("the sections are `-- migrate:up` and `-- migrate:down`".into()),
            ),
            None => {
                if up.is_none()
                    && down.is_none()
                    && !is_comment_or_blank(line.text)
                    && stray.is_none()
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
    let mut up_sql = String::new();
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
        report(line, message.into(), Some(help));
    }
    match up {
        None if stray.is_some() => {}
        None => report(
            1,
            "missing `-- migrate:up` section".into(),
            Some(
                "add a line `-- migrate:up` followed by the SQL that applies this revision".into(),
            ),
        ),
        Some((line, offset)) => {
            up_line = line;
            let start = body_start(offset).min(up_end);
            up_sql = text[start..up_end].to_owned();
            let is_merge = header.parents.as_ref().is_some_and(|(p, _)| p.len() > 1);
            if up_sql.lines().all(is_comment_or_blank) && !is_merge {
                report(
                    line,
                    "empty `-- migrate:up` section".into(),
                    Some("write the SQL that applies this revision below `-- migrate:up`".into()),
                );
            }
        }
    }
    let (down_sql, down_line) = match down {
        Some((line, offset)) if up.is_some() => (Some(text[body_start(offset)..].to_owned()), line),
        _ => (None, 0),
    };

    let Some((id, id_line)) = header.id else {
        if !id_line_seen {
            report(
                1,
                "missing `Revision ID` header".into(),
                Some("start the file with a line `-- Revision ID: <id>` (12 hex digits, as `migrate revision` writes)".into()),
            );
        }
        return ParsedFile {
            revision: None,
            diagnostics: sorted(problems),
        };
    };
    let list = |entry: Option<(Vec<String>, u32)>| -> (TextList, u32) {
        match entry {
            Some((items, line)) => (
                Cow::Owned(items.into_iter().map(Cow::Owned).collect()),
                line,
            ),
            None => (Cow::Borrowed(&[]), id_line),
        }
    };
    let (parents, parents_line) = list(header.parents);
    let (depends_on, depends_on_line) = list(header.depends_on);
    let (branch_labels, labels_line) = list(header.labels);
    let owned = |s: String| -> Text { Cow::Owned(s) };
    let revision = Revision {
        checksum: owned(checksum(&up_sql)),
        id: owned(id),
        parents,
        depends_on,
        branch_labels,
        message: owned(header.message.unwrap_or_default()),
        create_date: owned(header.create_date.unwrap_or_default()),
        transactional: header.transactional.unwrap_or(true),
        up_sql: owned(up_sql),
        down_sql: down_sql.map(owned),
        source: Source {
            path: owned(path.to_owned()),
            id_line,
            parents_line,
            depends_on_line,
            labels_line,
            up_line,
            down_line,
        },
    };
    ParsedFile {
        revision: Some(revision),
        diagnostics: sorted(problems),
    }
}

/// Diagnostics of one file in line order.
fn sorted(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    problems.sort();
    problems
}

fn lowercase_key(key: &str) -> &'static str {
    match key {
        "Revision ID" => "revision id",
        "Revises" => "revises",
        "Message" => "message",
        "Create Date" => "create date",
        "Branch Labels" => "branch labels",
        "Depends On" => "depends on",
        _ => "transactional",
    }
}

fn name_rule_help() -> String {
    "ids and labels are 1-64 characters of A-Z, a-z, 0-9 and _, and not `head`, `heads`, `base` or `current`"
        .into()
}

#[cfg(test)]
mod tests {
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
