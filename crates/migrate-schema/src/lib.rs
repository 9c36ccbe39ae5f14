//! The schema model of migrate: reads the `diesel::table!` declarations of a Diesel `schema.rs` into a
//! model, and prints a model back as `schema.rs` exactly as `diesel print-schema` writes it.
//!
//! Pure: std, syn and proc-macro2, no diesel and no database. Introspection of live databases fills the
//! same model from the runtime's per-backend modules.
//!
//! [`diff`] compares two models in what `schema.rs` can express (an ordered list of operations, rename
//! candidates, what each may lose), and [`sql`] writes the operations as the up and down SQL of a
//! revision for PostgreSQL, MySQL/MariaDB or SQLite. [`compare()`] lists every difference between two
//! introspected schemas, facets included (`migrate test`, `migrate check --drift`).
//!
//! ```
//! use migrate_schema::{SqlType, parse_str, print};
//!
//! let source = "\
//! // @generated automatically by Diesel CLI.
//!
//! diesel::table! {
//!     users (id) {
//!         id -> Int4,
//!         #[max_length = 255]
//!         email -> Varchar,
//!         nickname -> Nullable<Text>,
//!     }
//! }
//! ";
//! let schema = parse_str("src/schema.rs", source).unwrap();
//! let users = &schema.tables[0];
//! assert_eq!(users.primary_key, ["id"]);
//! assert_eq!(users.columns[1].max_length, Some(255));
//! assert!(users.columns[2].is_nullable());
//!
//! // `Int4` is how PostgreSQL's print-schema spells `Integer`: one type, two spellings.
//! assert_eq!(users.columns[0].ty.canonical(), SqlType::named("Integer"));
//! assert_eq!(users.columns[0].ty.to_string(), "Int4");
//!
//! // Printing gives back the file, byte for byte.
//! assert_eq!(print(&schema), source);
//!
//! // What the reader cannot read is an error with its position, never a guess.
//! let error = parse_str("src/schema.rs", "diesel::table! { users (id) { id => Int4, } }").unwrap_err();
//! assert_eq!(error.to_string(), "src/schema.rs:1:34: expected `->` and the SQL type after column `id`");
//! ```
#![warn(missing_docs)]

pub mod compare;
pub mod diff;
pub mod error;
pub mod model;
pub mod names;
pub mod parse;
pub mod print;
pub mod sql;
pub mod types;

pub use compare::{Change, Difference, compare};
pub use error::{Error, ParseError};
pub use model::{
    Check, Column, ColumnDefault, Constraint, CustomSqlType, CustomType, Facets, ForeignKey, Index,
    Joinable, Name, Schema, Table, Trigger,
};
pub use names::rust_name_for_sql_name;
pub use parse::{parse_str, read_file};
pub use print::print;
pub use types::{ALIASES, SqlType};
