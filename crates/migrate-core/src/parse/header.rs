//! The header of a migration file: the leading block of `-- Key: value` lines.

use std::borrow::Cow;

use super::{Line, Problems};
use crate::diagnostic::closest;
use crate::revision::{Text, is_valid_name};

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

/// What the header said, with the line of each key.
#[derive(Default)]
pub(super) struct Header {
    pub id: Option<(String, u32)>,
    /// Whether a `Revision ID` line was seen, even one with an unusable value.
    pub id_line_seen: bool,
    pub parents: Option<(Vec<Text>, u32)>,
    pub depends_on: Option<(Vec<Text>, u32)>,
    pub labels: Option<(Vec<Text>, u32)>,
    pub message: Option<String>,
    pub create_date: Option<String>,
    pub transactional: Option<bool>,
}

impl Header {
    /// Reads one header line (a `--` comment that is not a section marker), reporting what is wrong in it.
    pub fn read_line(&mut self, line: Line<'_>, problems: &mut Problems<'_>) {
        let trimmed = line.text.trim();
        let comment = trimmed.strip_prefix("--").unwrap_or(trimmed);
        let Some((key, value)) = comment.split_once(':') else {
            problems.report(
                line.number,
                format!("malformed header line `{trimmed}`: expected `-- Key: value`"),
                Some("separate free comments from the header with a blank line".into()),
            );
            return;
        };
        let key = single_spaced(key);
        let value = value.trim();
        let Some(canonical) = KEYS.iter().find(|k| k.eq_ignore_ascii_case(&key)) else {
            problems.report(
                line.number,
                format!("unknown header key `{key}`"),
                Some(unknown_key_help(&key)),
            );
            return;
        };
        if let Some(c) = value.chars().find(|&c| c.is_control() && c != '\t') {
            // A NUL or an escape in a header value would reach the history table and the terminal.
            self.id_line_seen |= *canonical == "Revision ID";
            problems.report(
                line.number,
                format!(
                    "`{canonical}` contains the control character U+{:04X}",
                    u32::from(c)
                ),
                Some(
                    "remove it: header values are one line of printable text (tabs are allowed)"
                        .into(),
                ),
            );
            return;
        }
        let line = line.number;
        let duplicate = match *canonical {
            "Revision ID" => {
                self.id_line_seen = true;
                let duplicate = self.id.is_some();
                if !duplicate {
                    if is_valid_name(value) {
                        self.id = Some((value.to_owned(), line));
                    } else if value.is_empty() {
                        problems.report(line, "empty `Revision ID`".into(), Some(name_rule_help()));
                    } else {
                        problems.report(
                            line,
                            format!("invalid revision id `{value}`"),
                            Some(name_rule_help()),
                        );
                    }
                }
                duplicate
            }
            "Revises" => read_names(
                &mut self.parents,
                value,
                line,
                "parent revision id",
                problems,
            ),
            "Depends On" => read_names(
                &mut self.depends_on,
                value,
                line,
                "depends-on revision",
                problems,
            ),
            "Branch Labels" => read_names(&mut self.labels, value, line, "branch label", problems),
            "Message" => self.message.replace(value.to_owned()).is_some(),
            "Create Date" => self.create_date.replace(value.to_owned()).is_some(),
            _ => {
                let flag = match value.to_ascii_lowercase().as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => {
                        problems.report(
                            line,
                            format!("invalid `Transactional` value `{value}`"),
                            Some("write `true` or `false`".into()),
                        );
                        None
                    }
                };
                let duplicate = self.transactional.is_some();
                if let Some(flag) = flag {
                    self.transactional.get_or_insert(flag);
                }
                duplicate
            }
        };
        if duplicate {
            problems.report(
                line,
                format!("header key `{canonical}` appears twice"),
                Some("keep one of the two lines".into()),
            );
        }
    }
}

/// `key` trimmed, with every run of whitespace inside it made one space. Borrows when it already is.
fn single_spaced(key: &str) -> Cow<'_, str> {
    let key = key.trim();
    let mut previous_space = false;
    let already = key.chars().all(|c| {
        let ok = !c.is_whitespace() || (c == ' ' && !previous_space);
        previous_space = c == ' ';
        ok
    });
    if already {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(key.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Reads the comma-separated names of a list key into `slot` (the first occurrence wins), reporting invalid
/// and repeated names. Returns whether the key had already appeared.
fn read_names(
    slot: &mut Option<(Vec<Text>, u32)>,
    value: &str,
    line: u32,
    what: &str,
    problems: &mut Problems<'_>,
) -> bool {
    let duplicate = slot.is_some();
    let mut names: Vec<Text> = Vec::new();
    for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !is_valid_name(item) {
            problems.report(
                line,
                format!("invalid {what} `{item}`"),
                Some(name_rule_help()),
            );
        } else if names.iter().any(|seen| seen == item) {
            problems.report(line, format!("{what} `{item}` is listed twice"), None);
        } else {
            names.push(Cow::Owned(item.to_owned()));
        }
    }
    slot.get_or_insert((names, line));
    duplicate
}

/// "did you mean" for an unknown key, followed by the known keys.
fn unknown_key_help(key: &str) -> String {
    let hit = closest(
        &key.to_ascii_lowercase(),
        KEYS.iter().copied().map(lowercase_key),
    );
    match hit {
        Some(hit) => format!(
            "did you mean `{}`? Known keys: {}",
            KEYS.iter()
                .find(|k| lowercase_key(k) == hit)
                .unwrap_or(&hit),
            KEYS.join(", ")
        ),
        None => format!("known keys: {}", KEYS.join(", ")),
    }
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

pub(super) fn name_rule_help() -> String {
    "ids and labels are 1-64 characters of A-Z, a-z, 0-9 and _, and not `head`, `heads`, `base` or `current`"
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_single_spaced_and_borrowed_when_they_already_are() {
        assert!(matches!(
            single_spaced(" Revision ID "),
            Cow::Borrowed("Revision ID")
        ));
        assert_eq!(single_spaced("Revision  ID"), "Revision ID");
        assert_eq!(single_spaced("Revision\tID"), "Revision ID");
        assert_eq!(single_spaced(" Create \u{a0} Date"), "Create Date");
    }
}
