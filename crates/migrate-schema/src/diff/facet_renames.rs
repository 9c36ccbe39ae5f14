//! What a database does on its own when a table or column is renamed, done to the facets the diff keeps:
//! SQLite rewrites the `CREATE INDEX` / `CREATE TRIGGER` text it keeps and the names in its constraints, so a
//! rebuild later in the same revision must restate the new names, not the ones introspection read.
//!
//! SQL text is rewritten token by token: an identifier (bare, `"quoted"`, `` `quoted` `` or `[quoted]`) equal
//! to the old name, compared without case as SQLite does, becomes the new one; string literals are left
//! alone. A trigger on the table that also names another table's column of the same name is rewritten too
//! (SQLite resolves it exactly; a REVIEW of the generated file catches that rare case).

use crate::model::Facets;

/// `sql` with every identifier token `from` (any quoting, any case) written as `to`.
pub(crate) fn rename_identifier(sql: &str, from: &str, to: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    let bare = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    while i < chars.len() {
        let c = chars[i];
        let close = match c {
            '"' => Some('"'),
            '`' => Some('`'),
            '[' => Some(']'),
            '\'' => Some('\''),
            _ => None,
        };
        if let Some(close) = close {
            let end = (i + 1..chars.len())
                .find(|&j| chars[j] == close)
                .unwrap_or(chars.len());
            let inner: String = chars[i + 1..end.min(chars.len())].iter().collect();
            if c != '\'' && inner.eq_ignore_ascii_case(from) {
                out.push(c);
                out.push_str(to);
                out.push(close);
            } else {
                out.extend(&chars[i..(end + 1).min(chars.len())]);
            }
            i = end + 1;
        } else if bare(c) {
            let end = (i..chars.len())
                .find(|&j| !bare(chars[j]))
                .unwrap_or(chars.len());
            let word: String = chars[i..end].iter().collect();
            if word.eq_ignore_ascii_case(from) {
                if to.chars().all(bare) {
                    out.push_str(to);
                } else {
                    out.push_str(&format!("\"{}\"", to.replace('"', "\"\"")));
                }
            } else {
                out.push_str(&word);
            }
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The facets of a table renamed from `from` to `to`: its index and trigger statements name the new table.
pub(crate) fn rename_table(facets: &mut Facets, from: &str, to: &str) {
    for index in &mut facets.indexes {
        if let Some(definition) = &mut index.definition {
            *definition = rename_identifier(definition, from, to);
        }
    }
    rename_in_triggers(facets, from, to);
}

/// The facets of another table, after table `from` became `to`: its triggers and foreign keys follow.
pub(crate) fn rename_referenced_table(facets: &mut Facets, from: &str, to: &str) {
    rename_in_triggers(facets, from, to);
    for key in &mut facets.foreign_keys {
        if key.parent_table.eq_ignore_ascii_case(from) {
            key.parent_table = to.to_owned();
        }
    }
}

/// The facets of the table whose column `from` became `to`.
pub(crate) fn rename_column(facets: &mut Facets, from: &str, to: &str) {
    let rename = |name: &mut String| {
        if name
            .trim_matches(|c| c == '"' || c == '`')
            .eq_ignore_ascii_case(from)
        {
            *name = to.to_owned();
        }
    };
    for index in &mut facets.indexes {
        index.columns.iter_mut().for_each(rename);
        if let Some(definition) = &mut index.definition {
            *definition = rename_identifier(definition, from, to);
        }
    }
    for default in &mut facets.defaults {
        rename(&mut default.column);
    }
    for unique in &mut facets.uniques {
        unique.columns.iter_mut().for_each(rename);
    }
    for check in &mut facets.checks {
        check.expression = rename_identifier(&check.expression, from, to);
    }
    for key in &mut facets.foreign_keys {
        key.columns.iter_mut().for_each(rename);
    }
    rename_in_triggers(facets, from, to);
}

/// The facets of a table whose foreign keys point at `parent`, after its column `from` became `to`.
pub(crate) fn rename_parent_column(facets: &mut Facets, parent: &str, from: &str, to: &str) {
    for key in &mut facets.foreign_keys {
        if key.parent_table.eq_ignore_ascii_case(parent) {
            for column in &mut key.parent_columns {
                if column.eq_ignore_ascii_case(from) {
                    *column = to.to_owned();
                }
            }
        }
    }
}

fn rename_in_triggers(facets: &mut Facets, from: &str, to: &str) {
    for trigger in &mut facets.triggers {
        trigger.definition = rename_identifier(&trigger.definition, from, to);
    }
}

#[cfg(test)]
mod tests {
    use super::rename_identifier;

    #[test]
    fn identifiers_are_renamed_in_any_quoting_but_not_inside_words_or_strings() {
        assert_eq!(
            rename_identifier(
                "CREATE INDEX users_name ON \"users\" (name, [Name], `NAME`) WHERE name <> 'name'",
                "name",
                "full_name"
            ),
            "CREATE INDEX users_name ON \"users\" (full_name, [full_name], `full_name`) WHERE full_name <> 'name'"
        );
        assert_eq!(
            rename_identifier(
                "ON users BEGIN UPDATE users SET x = 1; END",
                "users",
                "my people"
            ),
            "ON \"my people\" BEGIN UPDATE \"my people\" SET x = 1; END"
        );
    }
}
