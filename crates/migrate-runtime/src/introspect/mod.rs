//! Introspection (feature `schema`): the schema of a live database as a [`migrate_schema::Schema`], the
//! model that `diesel print-schema` would write for it, plus the facets `schema.rs` cannot carry.
//!
//! Each backend reads its catalog in its own module (`backend/{sqlite,postgres,mysql}/introspect.rs`) into
//! [`RawTable`]s shaped like diesel_cli's `infer_schema_internals`; [`assemble`] then applies what
//! `diesel print-schema` does with them for every backend alike: Rust names, custom SQL types, doc
//! comments, `joinable!` lines from single-column foreign keys, one `allow_tables_to_appear_in_same_query!`
//! group, and the `pub mod <schema>` module of `--schema`.
//!
//! ```
//! # #[cfg(feature = "sqlite")]
//! # fn main() -> Result<(), migrate_runtime::Error> {
//! use migrate_runtime::{IntrospectOptions, MigrationConnection, connect, introspect};
//!
//! let mut conn = connect("sqlite::memory:")?;
//! conn.run_sql("CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name VARCHAR(40))").unwrap();
//! let schema = introspect(&mut conn, &IntrospectOptions::default())?;
//! assert_eq!(
//!     migrate_schema::print(&schema),
//!     "// @generated automatically by Diesel CLI.\n\ndiesel::table! {\n    users (id) {\n        id -> Integer,\n        name -> Nullable<Text>,\n    }\n}\n"
//! );
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "sqlite"))]
//! # fn main() {}
//! ```

mod assemble;

use std::sync::Arc;

use migrate_schema::{CustomSqlType, Facets, Schema};

use crate::connection::AnyConnection;
use crate::error::Error;
use crate::options::Options;

pub(crate) use assemble::assemble;

/// Which doc comments introspection writes, as diesel_cli's `with_docs` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocComments {
    /// None (diesel's default).
    #[default]
    None,
    /// The database's table and column comments, where there are some (`only-database-comments`).
    DatabaseComments,
    /// The database's comments, else a generated line for every table, column and custom type
    /// (`--with-docs`, `with_docs = true`).
    DatabaseCommentsOrGenerated,
}

/// A predicate over table names.
type Keep = dyn Fn(&str) -> bool + Send + Sync;

/// Decides which tables a schema holds, by SQL name (`--only-tables` / `--except-tables`).
#[derive(Clone, Default)]
pub struct TableFilter(Option<Arc<Keep>>);

impl TableFilter {
    /// Keeps the tables for which `keep` returns true.
    pub fn new(keep: impl Fn(&str) -> bool + Send + Sync + 'static) -> TableFilter {
        TableFilter(Some(Arc::new(keep)))
    }

    /// Whether the table `name` is kept.
    pub fn keeps(&self, name: &str) -> bool {
        self.0.as_ref().is_none_or(|keep| keep(name))
    }
}

impl std::fmt::Debug for TableFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "TableFilter(..)"
        } else {
            "TableFilter(all)"
        })
    }
}

/// What [`introspect`] reads and how it writes the model.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IntrospectOptions {
    /// The PostgreSQL schema (MySQL: database) to read; `None` is the default one (`public`, the
    /// connection's database). With a schema the tables go into a `pub mod <schema>` module, as
    /// `diesel print-schema --schema` writes them. SQLite has none.
    pub schema: Option<String>,
    /// Doc comments ([`DocComments::None`] by default).
    pub docs: DocComments,
    /// The derives of generated `sql_types` structs, before `diesel::sql_types::SqlType` (which is added
    /// when missing), as diesel's `custom_type_derives`.
    pub custom_type_derives: Vec<String>,
    /// Which tables are kept (all by default).
    pub tables: TableFilter,
    /// migrate's history table, never part of a schema.
    pub history_table: String,
    /// migrate's log table, never part of a schema.
    pub log_table: String,
    /// Keeps a table without a primary key (with an empty key), for comparisons (`migrate test`, drift),
    /// instead of refusing it as `diesel print-schema` does. Off by default.
    pub keyless_tables: bool,
}

impl Default for IntrospectOptions {
    fn default() -> Self {
        IntrospectOptions::for_tables_of(&Options::default())
    }
}

impl IntrospectOptions {
    /// The defaults, leaving out the history and log tables `options` names.
    pub fn for_tables_of(options: &Options) -> IntrospectOptions {
        IntrospectOptions {
            schema: None,
            docs: DocComments::None,
            custom_type_derives: Vec::new(),
            tables: TableFilter::default(),
            history_table: options.history_table.clone(),
            log_table: options.log_table.clone(),
            keyless_tables: false,
        }
    }

    /// Sets [`schema`](Self::schema).
    pub fn with_schema(mut self, schema: Option<String>) -> Self {
        self.schema = schema;
        self
    }

    /// Sets [`docs`](Self::docs).
    pub fn with_docs(mut self, docs: DocComments) -> Self {
        self.docs = docs;
        self
    }

    /// Sets [`custom_type_derives`](Self::custom_type_derives).
    pub fn with_custom_type_derives(mut self, derives: Vec<String>) -> Self {
        self.custom_type_derives = derives;
        self
    }

    /// Sets [`tables`](Self::tables).
    pub fn with_tables(mut self, tables: TableFilter) -> Self {
        self.tables = tables;
        self
    }

    /// Sets [`keyless_tables`](Self::keyless_tables).
    pub fn with_keyless_tables(mut self, keep: bool) -> Self {
        self.keyless_tables = keep;
        self
    }

    /// Whether a table of this SQL name belongs in a schema: not one of Diesel's or migrate's own
    /// (diesel's rule: no name starting with `__`), and kept by the filter.
    pub(crate) fn includes(&self, name: &str) -> bool {
        !name.starts_with("__")
            && name != self.history_table
            && name != self.log_table
            && self.tables.keeps(name)
    }
}

/// A connection whose database can be introspected: `SqliteConnection`, `PgConnection`, `MysqlConnection`
/// (each behind its feature), r2d2 pooled ones (feature `r2d2`), [`AnyConnection`] and `&mut` of them.
pub trait Introspect {
    /// Reads the catalog. Use [`introspect`].
    #[doc(hidden)]
    fn introspect_schema(&mut self, options: &IntrospectOptions) -> Result<Schema, Error>;
}

/// The schema of the database behind `conn`, as `diesel print-schema` would write it (print it with
/// [`migrate_schema::print()`]), with every table's facets (indexes, defaults, uniques, checks, all foreign
/// keys, SQLite triggers) filled in.
pub fn introspect<C: Introspect + ?Sized>(
    conn: &mut C,
    options: &IntrospectOptions,
) -> Result<Schema, Error> {
    conn.introspect_schema(options)
}

impl<C: Introspect + ?Sized> Introspect for &mut C {
    fn introspect_schema(&mut self, options: &IntrospectOptions) -> Result<Schema, Error> {
        (**self).introspect_schema(options)
    }
}

#[cfg(feature = "r2d2")]
impl<C> Introspect for diesel::r2d2::PooledConnection<diesel::r2d2::ConnectionManager<C>>
where
    C: Introspect + diesel::r2d2::R2D2Connection + Send + 'static,
{
    fn introspect_schema(&mut self, options: &IntrospectOptions) -> Result<Schema, Error> {
        (**self).introspect_schema(options)
    }
}

#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(
        unused_variables,
        reason = "AnyConnection has no variant without a backend feature"
    )
)]
impl Introspect for AnyConnection {
    fn introspect_schema(&mut self, options: &IntrospectOptions) -> Result<Schema, Error> {
        match self {
            #[cfg(feature = "sqlite")]
            AnyConnection::Sqlite(c) => c.introspect_schema(options),
            #[cfg(feature = "postgres")]
            AnyConnection::Postgres(c) => c.introspect_schema(options),
            #[cfg(feature = "mysql")]
            AnyConnection::Mysql(c) => c.introspect_schema(options),
        }
    }
}

/// One table as a backend reads it, before the names and types get diesel's treatment.
#[derive(Debug, Default)]
pub(crate) struct RawTable {
    /// The SQL name.
    pub name: String,
    /// The schema, when not the default one.
    pub schema: Option<String>,
    /// The table comment.
    pub comment: Option<String>,
    /// The primary key columns' SQL names, in key order.
    pub primary_key: Vec<String>,
    /// The columns in position order.
    pub columns: Vec<RawColumn>,
    /// Indexes, defaults, uniques, checks, foreign keys, triggers.
    pub facets: Facets,
}

/// One column as a backend reads it.
#[derive(Debug)]
pub(crate) struct RawColumn {
    /// The SQL name.
    pub name: String,
    /// Its type.
    pub ty: RawType,
    /// `#[max_length]`.
    pub max_length: Option<u64>,
    /// The column comment.
    pub comment: Option<String>,
}

/// A column type the way diesel_cli's `ColumnType` holds it.
#[derive(Debug, Clone)]
pub(crate) struct RawType {
    /// The Diesel type's name (`Int4`, `Varchar`, `Mood`); for a MySQL custom type, still the plain name
    /// (`Enum`): the per-column struct name is made in [`assemble`].
    pub rust_name: String,
    /// The database's name of the type (`enum`), for generated doc comments.
    pub sql_name: String,
    /// A PostgreSQL `_x` array.
    pub array: bool,
    /// Nullable.
    pub nullable: bool,
    /// MySQL `unsigned`.
    pub unsigned: bool,
    /// What a `sql_types` struct says, when Diesel does not provide the type.
    pub custom: Option<CustomSqlType>,
}

/// A foreign key as diesel_cli's `load_foreign_key_constraints` returns it for `joinable!` (per backend:
/// PostgreSQL groups the keys between two tables, SQLite has one per column, MySQL one per constraint).
#[derive(Debug, Clone)]
pub(crate) struct JoinCandidate {
    /// The child table (SQL name, schema when not the default).
    pub child: (String, Option<String>),
    /// The parent table.
    pub parent: (String, Option<String>),
    /// The child's columns.
    pub columns: Vec<String>,
    /// The parent's columns.
    pub parent_columns: Vec<String>,
}

/// What a backend's catalog gave: the tables kept (sorted by name) and the foreign key candidates of the
/// whole schema.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    /// The tables, by SQL name.
    pub tables: Vec<RawTable>,
    /// `joinable!` candidates.
    pub candidates: Vec<JoinCandidate>,
}

/// The error of a catalog query.
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, reason = "used by the backends")
)]
pub(crate) fn failed(what: &str, error: impl std::fmt::Display) -> Error {
    Error::database(&format!("cannot introspect the database: {what}"), error)
}
