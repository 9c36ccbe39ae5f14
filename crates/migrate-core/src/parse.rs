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

/// Whether `sql` holds anything but whitespace, `--` line comments and `/* ... */` block comments. A MySQL
/// `/*! ... */` is code, not a comment; an unterminated block comment is all comment.
fn has_sql(sql: &str) -> bool {
    let mut rest = sql.trim_start();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, next)| next);
        } else if rest.starts_with("/*") && !rest.starts_with("/*!") {
            rest = rest[2..].split_once("*/").map_or("", |(_, next)| next);
        } else {
            return true;
        }
        rest = rest.trim_start();
    }
    false
}

/// Whether a line belongs to the header: a `--` comment that is not a section marker.
fn is_header_line(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.starts_with("--") && section_marker(trimmed).is_none()
}

/// The help of an empty (or comment-only) up section.
const EMPTY_UP_HELP: &str = "write the SQL that applies this revision below `-- migrate:up`; for an intentional no-op, write `SELECT 1;`";

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
    // A UTF-8 byte-order mark (some Windows editors write one) is not part of the text. It precedes the header,
    // so the up section, and with it the checksum, is the same with or without it.
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Byte ranges are of the file as read (`include_str!` embeds it with its BOM).
    let bom = text.len() - stripped.len();
    let text = stripped;
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
            up_bytes = (bom + start, bom + up_end);
            up_sql = &text[start..up_end];
            let is_merge = header.parents.as_ref().is_some_and(|(p, _)| p.len() > 1);
            if !has_sql(up_sql) && !is_merge {
                problems.report(
                    line,
                    "empty `-- migrate:up` section".into(),
                    Some(EMPTY_UP_HELP.into()),
                );
            }
        }
    }
    let down_bytes = match down {
        Some((_, offset)) if up.is_some() => Some((bom + body_start(offset), bom + text.len())),
        _ => None,
    };
    let down_sql = down_bytes.map(|(start, end)| &text[start - bom..end - bom]);
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
    let lines = [
        id_line,
        parents_line,
        depends_on_line,
        labels_line,
        up_line,
        down_line,
    ];
    let source = Source::new(owned(path), lines, up_bytes, down_bytes);
    let revision = Revision::new(
        owned(id),
        owned(up_sql.to_owned()),
        owned(checksum(up_sql)),
        source,
    )
    .with_parents(parents)
    .with_depends_on(depends_on)
    .with_branch_labels(branch_labels)
    .with_message(owned(header.message.unwrap_or_default()))
    .with_create_date(owned(header.create_date.unwrap_or_default()))
    .with_transactional(header.transactional.unwrap_or(true))
    .with_down_sql(down_sql.map(|sql| owned(sql.to_owned())));
    ParsedFile {
        revision: Some(revision),
        diagnostics,
    }
}

#[cfg(test)]
mod tests;
