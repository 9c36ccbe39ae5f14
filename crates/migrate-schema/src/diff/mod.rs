//! The schema diff: from the current schema to the wanted one, an ordered list of operations over only
//! what `schema.rs` can express.
//!
//! Compared: tables (by schema and SQL name), columns (by SQL name), each column's type through
//! [`SqlType::canonical`](crate::SqlType::canonical) (so `Int4` and `Integer` are the same), its
//! `max_length` and nullability, primary keys, the single-column foreign keys of `joinable!`, and
//! PostgreSQL schemas. Never compared, never changed: what only a database knows ([`Facets`](crate::Facets):
//! indexes, defaults, uniques, checks, triggers) and the spelling of a type. The SQL renderer reads the
//! facets where it must restate a table (a SQLite rebuild) or bring one back (the down side of a drop).
//!
//! Renames are never guessed: a dropped and an added column of the same type in one table, or a dropped and
//! an added table of the same shape, is a [`RenameCandidate`] for the CLI to ask about; a confirmed rename
//! ([`Renames`]) turns the drop and the add into one rename.
//!
//! ```
//! use migrate_schema::diff::{Renames, diff};
//! use migrate_schema::parse_str;
//!
//! let current = parse_str("a.rs", "diesel::table! { users (id) { id -> Int4, name -> Text, } }").unwrap();
//! let wanted = parse_str(
//!     "b.rs",
//!     "diesel::table! { users (id) { id -> Integer, full_name -> Text, email -> Nullable<Text>, } }",
//! )
//! .unwrap();
//!
//! let plain = diff(&current, &wanted, &Renames::new());
//! let lines: Vec<String> = plain.ops.iter().map(|op| op.description()).collect();
//! assert_eq!(lines, [
//!     "Detected added column 'users.full_name'",
//!     "Detected added column 'users.email'",
//!     "Detected removed column 'users.name'",
//! ]);
//! assert_eq!(plain.candidates[0].question(), "Did you rename users.name to users.full_name? [y/N]");
//!
//! let renamed = diff(&current, &wanted, &Renames::parse(["users.name=full_name"]).unwrap());
//! assert_eq!(renamed.ops[0].description(), "Detected renamed column 'users.name' to 'users.full_name'");
//! assert_eq!(renamed.ops.len(), 2);
//! ```

mod catalog;
mod compare;
mod facet_renames;
mod ops;
mod renames;
#[cfg(test)]
mod tests;

pub use catalog::{Catalog, Reference, TableId, TableState};
pub use compare::diff;
pub use ops::{Op, is_narrowing, type_text};
pub use renames::{RenameCandidate, RenameError, Renames};

/// What [`diff`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diff {
    /// The operations, in the order they run.
    pub ops: Vec<Op>,
    /// Dropped and added objects that may be renames, for the CLI to ask about.
    pub candidates: Vec<RenameCandidate>,
    /// Given renames that name no dropped and added pair (`users.nme=full_name`), as given.
    pub unmatched_renames: Vec<String>,
    /// The custom SQL types of the wanted schema (`sql_types`), which its new columns' DDL names.
    pub custom_types: Vec<crate::model::CustomType>,
}

impl Diff {
    /// Whether the schemas agree.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The operations that undo [`ops`](Self::ops): each one's inverse, in reverse order.
    pub fn reversed(&self) -> Vec<Op> {
        self.ops.iter().rev().map(Op::inverse).collect()
    }
}
