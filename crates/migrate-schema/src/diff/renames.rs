//! Renames the user confirmed (`--rename users.name=full_name`, `--rename old_table=new_table`), and the
//! candidates the diff found for the CLI to ask about.

use std::fmt;

use super::catalog::TableId;

/// The renames to apply instead of a drop plus an add.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Renames {
    /// `(old table, new table)`, each `name` or `schema.name`.
    pub tables: Vec<(String, String)>,
    /// `(table, old column, new column)`, the table named by its old or new name.
    pub columns: Vec<(String, String, String)>,
}

/// A `--rename` that is neither `table.column=new_column` nor `old_table=new_table`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot read rename `{0}`: write `table.column=new_column` for a column or `old_table=new_table` for a table"
)]
pub struct RenameError(pub String);

impl Renames {
    /// No renames.
    pub fn new() -> Renames {
        Renames::default()
    }

    /// Adds one rename as `--rename` takes it: `users.name=full_name` renames a column of `users`;
    /// `old_table=new_table` (or `schema.old=schema.new`) renames a table.
    pub fn add(&mut self, spec: &str) -> Result<(), RenameError> {
        let error = || RenameError(spec.to_owned());
        let (left, right) = spec.split_once('=').ok_or_else(error)?;
        let (left, right) = (left.trim(), right.trim());
        if left.is_empty() || right.is_empty() {
            return Err(error());
        }
        match (left.rsplit_once('.'), right.contains('.')) {
            (Some((table, column)), false) if !table.is_empty() && !column.is_empty() => {
                self.columns
                    .push((table.to_owned(), column.to_owned(), right.to_owned()));
            }
            (Some(_), false) => return Err(error()),
            _ => self.tables.push((left.to_owned(), right.to_owned())),
        }
        Ok(())
    }

    /// The renames of `specs`, or the first that cannot be read.
    pub fn parse<'a>(specs: impl IntoIterator<Item = &'a str>) -> Result<Renames, RenameError> {
        let mut renames = Renames::new();
        for spec in specs {
            renames.add(spec)?;
        }
        Ok(renames)
    }
}

/// A dropped and an added object that may be one renamed object: the CLI asks, or passes it on as a
/// `-- REVIEW:` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameCandidate {
    /// A dropped and an added table with the same columns and key.
    Table {
        /// The dropped table.
        from: TableId,
        /// The added table.
        to: TableId,
    },
    /// A dropped and an added column of the same type in one table.
    Column {
        /// The table (as the wanted schema names it).
        table: TableId,
        /// The dropped column.
        from: String,
        /// The added column.
        to: String,
    },
}

impl RenameCandidate {
    /// The question to ask on a terminal: `Did you rename users.name to users.full_name? [y/N]`.
    pub fn question(&self) -> String {
        match self {
            RenameCandidate::Table { from, to } => format!("Did you rename {from} to {to}? [y/N]"),
            RenameCandidate::Column { table, from, to } => {
                format!("Did you rename {table}.{from} to {table}.{to}? [y/N]")
            }
        }
    }

    /// The `--rename` argument that confirms it (`users.name=full_name`).
    pub fn spec(&self) -> String {
        match self {
            RenameCandidate::Table { from, to } => format!("{from}={to}"),
            RenameCandidate::Column { table, from, to } => format!("{table}.{from}={to}"),
        }
    }

    /// Adds the rename to `renames` (the user said yes).
    pub fn confirm(&self, renames: &mut Renames) {
        match self {
            RenameCandidate::Table { from, to } => {
                renames.tables.push((from.to_string(), to.to_string()));
            }
            RenameCandidate::Column { table, from, to } => {
                renames
                    .columns
                    .push((table.to_string(), from.clone(), to.clone()));
            }
        }
    }
}

impl fmt::Display for RenameCandidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenameCandidate::Table { from, to } => {
                write!(f, "possible rename of table '{from}' to '{to}'")
            }
            RenameCandidate::Column { table, from, to } => {
                write!(f, "possible rename of '{table}.{from}' to '{table}.{to}'")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_specs_name_a_column_or_a_table() {
        let renames =
            Renames::parse(["users.name=full_name", "old=new", "custom.a=custom.b"]).unwrap();
        assert_eq!(
            renames.columns,
            [("users".into(), "name".into(), "full_name".into())]
        );
        assert_eq!(
            renames.tables,
            [
                ("old".into(), "new".into()),
                ("custom.a".into(), "custom.b".into())
            ]
        );
        assert_eq!(
            Renames::parse(["users.name"]).unwrap_err().to_string(),
            "cannot read rename `users.name`: write `table.column=new_column` for a column or `old_table=new_table` for a table"
        );
        assert!(Renames::parse([".name=x"]).is_err());
        assert!(Renames::parse(["a="]).is_err());
    }
}
