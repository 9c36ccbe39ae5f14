//! The schema model: what a Diesel `schema.rs` says, and room for what only a database knows.
//!
//! The model is shaped after what `diesel print-schema` writes, so the reader fills it from `schema.rs`,
//! introspection can fill it from a live database, and the printer writes it back byte for byte. Names are
//! kept twice: the Rust identifier as written (`type_`, `r#type`) and the SQL name (from `#[sql_name]`, or
//! the identifier without `r#`). Types are kept as written; compare them through [`SqlType::canonical`].
//!
//! What the model holds is written in the order it is held: the reader keeps the file's order, and a filler
//! of the model (introspection) should put things in the order `diesel print-schema` uses (tables by name,
//! columns by position, `joinable!` lines sorted by child, parent and column, one `allow_tables_...` group
//! with every table by name).

use crate::types::SqlType;

/// A `schema.rs` file: the top level and the `pub mod <schema> { ... }` modules inside it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema {
    /// The module these declarations sit in: `None` at the top of the file, `Some("custom")` inside
    /// `pub mod custom { ... }` (what `diesel print-schema --schema custom` writes).
    pub module: Option<String>,
    /// Doc comment lines of the module (`pub mod <schema>`), if nested.
    pub docs: Vec<String>,
    /// Doc comment lines of `pub mod sql_types`.
    pub sql_types_docs: Vec<String>,
    /// The structs of `pub mod sql_types { ... }`, in file order.
    pub sql_types: Vec<CustomType>,
    /// The `table!` declarations, in file order.
    pub tables: Vec<Table>,
    /// The `joinable!` lines, in file order.
    pub joinables: Vec<Joinable>,
    /// The `allow_tables_to_appear_in_same_query!` invocations, each a list of table identifiers.
    pub allow_groups: Vec<Vec<String>>,
    /// Nested `pub mod <schema> { ... }` modules, each with its own declarations.
    pub modules: Vec<Schema>,
}

impl Schema {
    /// Every table of this module and of the nested modules, depth first.
    pub fn all_tables(&self) -> Vec<&Table> {
        let mut out: Vec<&Table> = self.tables.iter().collect();
        for module in &self.modules {
            out.extend(module.all_tables());
        }
        out
    }

    /// The custom type declared in this module's `sql_types` whose struct is called `rust_name`.
    pub fn custom_type(&self, rust_name: &str) -> Option<&CustomType> {
        self.sql_types.iter().find(|t| t.rust_name == rust_name)
    }

    /// One `allow_tables_to_appear_in_same_query!` group with every table of this module, as
    /// `diesel print-schema` writes it by default (no group for fewer than two tables).
    pub fn allow_all_tables(&mut self) {
        self.allow_groups = if self.tables.len() >= 2 {
            vec![self.tables.iter().map(|t| t.name.rust.clone()).collect()]
        } else {
            Vec::new()
        };
    }
}

/// A name in two spellings: the Rust identifier and the SQL name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    /// The identifier as written, raw prefix included (`users`, `type_`, `r#type`).
    pub rust: String,
    /// The name in the database: `#[sql_name = "..."]` if given, else the identifier without `r#`.
    pub sql: String,
}

impl Name {
    /// A name whose identifier is also its SQL name.
    pub fn new(rust: &str) -> Name {
        Name {
            rust: rust.to_owned(),
            sql: unraw(rust).to_owned(),
        }
    }

    /// Whether the file needs `#[sql_name]` to say the SQL name.
    pub fn needs_sql_name(&self) -> bool {
        unraw(&self.rust) != self.sql
    }
}

/// The identifier without its `r#` prefix.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// One `table!` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The table's identifier and SQL name.
    pub name: Name,
    /// The schema identifier of `schema.table` (PostgreSQL schemas), `None` for the default schema.
    pub schema: Option<String>,
    /// Doc comment lines (the text after `///`), table level.
    pub docs: Vec<String>,
    /// The `use` lines at the top of the block, as written (`diesel::sql_types::*`). `None` lets the
    /// printer write what `diesel print-schema` writes: nothing, or `use diesel::sql_types::*;` and one
    /// `use super::sql_types::X;` per custom type the columns use.
    pub uses: Option<Vec<String>>,
    /// The primary key columns (identifiers), in key order. Never empty: a `table!` without a key list
    /// has Diesel's default key `(id)`, and the printer always writes the list, as `diesel print-schema` does.
    pub primary_key: Vec<String>,
    /// The columns in declaration order.
    pub columns: Vec<Column>,
    /// What a database has and `schema.rs` cannot say. The reader never fills it.
    pub facets: Facets,
}

impl Table {
    /// The column whose identifier is `rust_name`.
    pub fn column(&self, rust_name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name.rust == rust_name)
    }

    /// `schema.name` as the table's SQL name, or just the name.
    pub fn full_sql_name(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{schema}.{}", self.name.sql),
            None => self.name.sql.clone(),
        }
    }
}

/// One column of a `table!`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The column's identifier and SQL name.
    pub name: Name,
    /// The type as written, `Nullable<...>` included.
    pub ty: SqlType,
    /// `#[max_length = N]`: the declared length of a `varchar(N)` / `char(N)` column.
    pub max_length: Option<u64>,
    /// Doc comment lines (the text after `///`).
    pub docs: Vec<String>,
}

impl Column {
    /// Whether the column is `Nullable<...>`.
    pub fn is_nullable(&self) -> bool {
        self.ty.is_nullable()
    }
}

/// A struct of `pub mod sql_types`: a type Diesel does not provide (a PostgreSQL enum, a MySQL enum column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomType {
    /// The struct's name (`Mood`).
    pub rust_name: String,
    /// Doc comment lines.
    pub docs: Vec<String>,
    /// The paths in `#[derive(...)]`, as written.
    pub derives: Vec<String>,
    /// What the `#[diesel(..._type(...))]` attribute says.
    pub sql: CustomSqlType,
}

impl CustomType {
    /// The derives `diesel print-schema` writes with no `custom_type_derives` configured. The `diesel.toml`
    /// that `diesel setup` writes sets `["diesel::query_builder::QueryId", "Clone"]`, which diesel_cli puts
    /// before this one.
    pub const DEFAULT_DERIVES: [&str; 1] = ["diesel::sql_types::SqlType"];
}

/// The database type a custom SQL type stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomSqlType {
    /// `#[diesel(postgres_type(name = "mood", schema = "custom"))]`.
    Postgres {
        /// The type's name.
        name: String,
        /// Its schema, when not the default one.
        schema: Option<String>,
    },
    /// `#[diesel(mysql_type(name = "Enum"))]`.
    Mysql {
        /// The MySQL type name.
        name: String,
    },
    /// `#[diesel(sqlite_type(name = "Text"))]`.
    Sqlite {
        /// The SQLite type name.
        name: String,
    },
}

/// `diesel::joinable!(child -> parent (column));`: a single-column foreign key from `child.column` to the
/// parent's primary key. Identifiers, not SQL names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Joinable {
    /// The table holding the foreign key.
    pub child: String,
    /// The referenced table.
    pub parent: String,
    /// The foreign key column of the child.
    pub column: String,
}

/// What a database has but `schema.rs` cannot carry: filled by introspection for a drift check, never by
/// the reader and never printed. A comparison of a model read from `schema.rs` with an introspected one
/// must ignore it (or compare it only between two introspected models).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    /// Indexes, unique ones included.
    pub indexes: Vec<Index>,
    /// Column defaults, as the database prints their expression.
    pub defaults: Vec<ColumnDefault>,
    /// Unique constraints.
    pub uniques: Vec<Constraint>,
    /// Check constraints.
    pub checks: Vec<Check>,
    /// Every foreign key as the database has it (composite ones and those `joinable!` leaves out).
    pub foreign_keys: Vec<ForeignKey>,
    /// Triggers on the table (a SQLite table rebuild must recreate them).
    pub triggers: Vec<Trigger>,
}

impl Facets {
    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self == &Facets::default()
    }
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// Its name.
    pub name: String,
    /// The indexed columns or expressions, in order (SQL text).
    pub columns: Vec<String>,
    /// Whether it is unique.
    pub unique: bool,
    /// The statement that creates it, as the database keeps it (`sqlite_master.sql`, PostgreSQL's
    /// `pg_get_indexdef`), when the database keeps one; a SQLite table rebuild replays it.
    pub definition: Option<String>,
}

/// A trigger, kept as the statement that creates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// Its name.
    pub name: String,
    /// The `CREATE TRIGGER` statement as the database keeps it.
    pub definition: String,
}

/// A column default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDefault {
    /// The column's SQL name.
    pub column: String,
    /// The default expression as the database reports it.
    pub expression: String,
}

/// A named constraint over columns (unique).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// Its name, if the database has one.
    pub name: Option<String>,
    /// Its columns' SQL names, in order.
    pub columns: Vec<String>,
}

/// A check constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Its name, if the database has one.
    pub name: Option<String>,
    /// The condition as the database reports it.
    pub expression: String,
}

/// A foreign key as the database has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    /// Its name, if the database has one.
    pub name: Option<String>,
    /// The child's columns (SQL names).
    pub columns: Vec<String>,
    /// The parent's schema, when not the default one.
    pub parent_schema: Option<String>,
    /// The parent table's SQL name.
    pub parent_table: String,
    /// The parent's columns (SQL names).
    pub parent_columns: Vec<String>,
}
