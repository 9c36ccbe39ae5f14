//! Diesel SQL types as `schema.rs` spells them, and their canonical form.
//!
//! A column's type is kept exactly as the file wrote it ([`SqlType`]), so printing round-trips, and compared
//! through [`SqlType::canonical`], which folds Diesel's type aliases into one spelling so that `Int4` and
//! `Integer` are never reported as a change. The alias table ([`ALIASES`]) is Diesel 2.3's own: every entry
//! is a `pub type X = Y;` in `diesel::sql_types` (`sql_types/mod.rs`, `pg/types/mod.rs`).

use std::fmt;

/// Diesel's type aliases (`pub type Alias = Canonical;` in diesel 2.3), alias first.
///
/// Choices:
/// - `VarChar`, `Varchar`, `Char`, `Tinytext`, `Mediumtext`, `Longtext` and `Bpchar` are aliases of `Text`
///   in Diesel 2.3 on every backend, so they fold to `Text`. A declared length is not part of the type: it
///   is the column's `#[max_length = N]`, compared on its own.
/// - `Bytea`, `Tinyblob`, `Blob`, `Mediumblob`, `Longblob`, `Varbinary` and `Bit` are aliases of `Binary`.
/// - `Serial`, `SmallSerial` and `BigSerial` are plain aliases of the integer types in Diesel: the sequence
///   is a default, which `schema.rs` cannot express.
/// - `Timestamptz` is its own type (not an alias of `Timestamp`); `TimestamptzSqlite` is the name under
///   which `diesel::sql_types` re-exports SQLite's `Timestamptz`, so it folds to `Timestamptz`.
/// - The PostgreSQL range and multirange names expand to `Range<T>` and `Multirange<T>` with a canonical `T`.
/// - `CChar` (PostgreSQL `"char"`) is a distinct type and is not folded.
pub const ALIASES: &[(&str, &str)] = &[
    ("Tinyint", "TinyInt"),
    ("Int2", "SmallInt"),
    ("Smallint", "SmallInt"),
    ("SmallSerial", "SmallInt"),
    ("Int4", "Integer"),
    ("Serial", "Integer"),
    ("Int8", "BigInt"),
    ("Bigint", "BigInt"),
    ("BigSerial", "BigInt"),
    ("Float4", "Float"),
    ("Float8", "Double"),
    ("Decimal", "Numeric"),
    ("VarChar", "Text"),
    ("Varchar", "Text"),
    ("Char", "Text"),
    ("Tinytext", "Text"),
    ("Mediumtext", "Text"),
    ("Longtext", "Text"),
    ("Bpchar", "Text"),
    ("Bytea", "Binary"),
    ("Tinyblob", "Binary"),
    ("Blob", "Binary"),
    ("Mediumblob", "Binary"),
    ("Longblob", "Binary"),
    ("Varbinary", "Binary"),
    ("Bit", "Binary"),
    ("Macaddr", "MacAddr"),
    ("Macaddr8", "MacAddr8"),
    ("TimestamptzSqlite", "Timestamptz"),
    ("Int4range", "Range<Integer>"),
    ("Int8range", "Range<BigInt>"),
    ("Daterange", "Range<Date>"),
    ("Numrange", "Range<Numeric>"),
    ("Tsrange", "Range<Timestamp>"),
    ("Tstzrange", "Range<Timestamptz>"),
    ("Int4multirange", "Multirange<Integer>"),
    ("Int8multirange", "Multirange<BigInt>"),
    ("Datemultirange", "Multirange<Date>"),
    ("Nummultirange", "Multirange<Numeric>"),
    ("Tsmultirange", "Multirange<Timestamp>"),
    ("Tstzmultirange", "Multirange<Timestamptz>"),
];

/// A Diesel SQL type as written in `schema.rs`: `Int4`, `Nullable<Array<Nullable<Text>>>`,
/// `diesel::sql_types::Text`, `super::sql_types::Mood`, `Record<(Int4, Text)>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SqlType {
    /// A path, with generic arguments on its last segment.
    Path {
        /// Whether the path starts with `::`.
        leading_colon: bool,
        /// The segments, e.g. `["diesel", "sql_types", "Text"]`.
        segments: Vec<String>,
        /// Generic arguments of the last segment (`Nullable<T>` has one).
        args: Vec<SqlType>,
    },
    /// A tuple, as the argument of `Record<(A, B)>`.
    Tuple(Vec<SqlType>),
}

impl SqlType {
    /// A single-segment type without arguments: `SqlType::named("Int4")`.
    pub fn named(name: &str) -> SqlType {
        SqlType::Path {
            leading_colon: false,
            segments: vec![name.to_owned()],
            args: Vec::new(),
        }
    }

    /// `Wrapper<inner>`, e.g. `SqlType::wrap("Nullable", t)`.
    pub fn wrap(wrapper: &str, inner: SqlType) -> SqlType {
        SqlType::Path {
            leading_colon: false,
            segments: vec![wrapper.to_owned()],
            args: vec![inner],
        }
    }

    /// `Nullable<inner>`.
    pub fn nullable(inner: SqlType) -> SqlType {
        SqlType::wrap("Nullable", inner)
    }

    /// The last path segment (`Text` for `diesel::sql_types::Text`); `None` for a tuple.
    pub fn name(&self) -> Option<&str> {
        match self {
            SqlType::Path { segments, .. } => segments.last().map(String::as_str),
            SqlType::Tuple(_) => None,
        }
    }

    /// The generic arguments of the last segment.
    pub fn args(&self) -> &[SqlType] {
        match self {
            SqlType::Path { args, .. } => args,
            SqlType::Tuple(items) => items,
        }
    }

    /// Whether the outermost type is `Nullable<T>`.
    pub fn is_nullable(&self) -> bool {
        self.name() == Some("Nullable") && self.args().len() == 1
    }

    /// The type without its outer `Nullable<...>`, if any.
    pub fn not_null(&self) -> &SqlType {
        if self.is_nullable() {
            &self.args()[0]
        } else {
            self
        }
    }

    /// The innermost named type under `Nullable`, `Array`, `Unsigned`, `Range` and `Multirange`: the type
    /// that may need a `sql_types` definition or a `use` line.
    pub fn base(&self) -> &SqlType {
        match self.name() {
            Some("Nullable" | "Array" | "Unsigned" | "Range" | "Multirange")
                if self.args().len() == 1 =>
            {
                self.args()[0].base()
            }
            _ => self,
        }
    }

    /// The canonical form: each path reduced to its last segment, Diesel's aliases ([`ALIASES`]) folded,
    /// arguments canonical too. Two types that Diesel treats as the same type have equal canonical forms.
    ///
    /// The module a path names is dropped, so `diesel::sql_types::Text` and `Text` are equal, and a custom
    /// type is known by its struct name (`super::sql_types::Mood` and `crate::schema::sql_types::Mood` are
    /// both `Mood`).
    pub fn canonical(&self) -> SqlType {
        match self {
            SqlType::Tuple(items) => SqlType::Tuple(items.iter().map(SqlType::canonical).collect()),
            SqlType::Path { segments, args, .. } => {
                let last = segments.last().map(String::as_str).unwrap_or_default();
                let args: Vec<SqlType> = args.iter().map(SqlType::canonical).collect();
                match (
                    ALIASES.iter().find(|(alias, _)| *alias == last),
                    args.is_empty(),
                ) {
                    (Some((_, target)), true) => match target.split_once('<') {
                        Some((wrapper, inner)) => {
                            SqlType::wrap(wrapper, SqlType::named(inner.trim_end_matches('>')))
                        }
                        None => SqlType::named(target),
                    },
                    _ => SqlType::Path {
                        leading_colon: false,
                        segments: vec![last.to_owned()],
                        args,
                    },
                }
            }
        }
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::Path {
                leading_colon,
                segments,
                args,
            } => {
                if *leading_colon {
                    f.write_str("::")?;
                }
                f.write_str(&segments.join("::"))?;
                if !args.is_empty() {
                    f.write_str("<")?;
                    write_list(f, args)?;
                    f.write_str(">")?;
                }
                Ok(())
            }
            SqlType::Tuple(items) => {
                f.write_str("(")?;
                write_list(f, items)?;
                if items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[SqlType]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segments: &[&str], args: Vec<SqlType>) -> SqlType {
        SqlType::Path {
            leading_colon: false,
            segments: segments.iter().map(|s| (*s).to_owned()).collect(),
            args,
        }
    }

    #[test]
    fn aliases_fold_to_one_canonical_form() {
        for (alias, target) in [
            ("Int4", "Integer"),
            ("Int8", "BigInt"),
            ("Bytea", "Binary"),
            ("Varchar", "Text"),
        ] {
            assert_eq!(
                SqlType::named(alias).canonical(),
                SqlType::named(target).canonical()
            );
            assert_ne!(
                SqlType::named(alias),
                SqlType::named(target),
                "the literal spelling is kept"
            );
        }
        assert_ne!(
            SqlType::named("Timestamptz").canonical(),
            SqlType::named("Timestamp").canonical()
        );
        assert_ne!(
            SqlType::named("Int4").canonical(),
            SqlType::named("Int8").canonical()
        );
    }

    #[test]
    fn canonical_drops_module_paths_and_folds_inside_wrappers() {
        let written = path(
            &["Nullable"],
            vec![path(
                &["Array"],
                vec![SqlType::nullable(path(
                    &["diesel", "sql_types", "Int4"],
                    vec![],
                ))],
            )],
        );
        assert_eq!(
            written.to_string(),
            "Nullable<Array<Nullable<diesel::sql_types::Int4>>>"
        );
        assert_eq!(
            written.canonical().to_string(),
            "Nullable<Array<Nullable<Integer>>>"
        );
        assert!(written.is_nullable());
        assert_eq!(written.base().to_string(), "diesel::sql_types::Int4");
        assert_eq!(
            path(&["super", "sql_types", "Mood"], vec![]).canonical(),
            path(&["crate", "schema", "sql_types", "Mood"], vec![]).canonical()
        );
    }

    #[test]
    fn range_aliases_expand_to_their_generic_form() {
        assert_eq!(
            SqlType::named("Int4range").canonical().to_string(),
            "Range<Integer>"
        );
        assert_eq!(
            SqlType::named("Int4range").canonical(),
            SqlType::wrap("Range", SqlType::named("Int4")).canonical()
        );
        assert_eq!(
            SqlType::named("Tstzmultirange").canonical().to_string(),
            "Multirange<Timestamptz>"
        );
    }
}
