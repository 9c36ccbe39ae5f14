//! Reading `schema.rs` into the model: every form `diesel print-schema` writes and the common hand edits.
//!
//! The file is parsed with `syn::parse_file`; the bodies of Diesel's macros with this crate's own
//! [`syn::parse::Parse`] impls. Anything else is an error with `file:line:column` and what was expected:
//! the reader never skips or guesses. Every problem of the file is reported at once (one per item).

mod macros;

use std::path::Path;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, Item};

use crate::error::{Error, ParseError};
use crate::model::{CustomSqlType, CustomType, Schema};
use macros::{AllowDecl, JoinableDecl, TableDecl};

/// Reads `path` and parses it (see [`parse_str`]).
pub fn read_file(path: &Path) -> Result<Schema, Error> {
    let source = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_str(&path.display().to_string(), &source)
}

/// Parses the text of a `schema.rs`; `file` names it in error messages.
pub fn parse_str(file: &str, source: &str) -> Result<Schema, Error> {
    let mut reader = Reader {
        file,
        errors: Vec::new(),
    };
    let schema = match syn::parse_file(source) {
        Ok(parsed) => {
            reader.check_attrs(&parsed.attrs, "the file");
            reader.module(None, parsed.items)
        }
        Err(error) => {
            reader.error(error.span(), format!("not valid Rust: {error}"));
            Schema::default()
        }
    };
    if reader.errors.is_empty() {
        Ok(schema)
    } else {
        Err(Error::Parse(reader.errors))
    }
}

struct Reader<'a> {
    file: &'a str,
    errors: Vec<ParseError>,
}

/// Which of Diesel's macros a macro path names.
enum Kind {
    Table,
    Joinable,
    Allow,
}

impl Reader<'_> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        let start = span.start();
        self.errors.push(ParseError {
            file: self.file.to_owned(),
            line: start.line,
            column: start.column + 1,
            message: message.into(),
        });
    }

    fn syn_error(&mut self, error: syn::Error) {
        for e in error {
            self.error(e.span(), e.to_string());
        }
    }

    /// Refuses attributes other than doc comments; returns the doc lines.
    fn check_attrs(&mut self, attrs: &[Attribute], on: &str) -> Vec<String> {
        let mut docs = Vec::new();
        for attr in attrs {
            match doc_line(attr) {
                Some(line) => docs.push(line),
                None => self.error(
                    attr.span(),
                    format!("unsupported attribute on {on}: expected only doc comments"),
                ),
            }
        }
        docs
    }

    fn module(&mut self, name: Option<String>, items: Vec<Item>) -> Schema {
        let mut schema = Schema {
            module: name,
            ..Schema::default()
        };
        for item in items {
            match item {
                Item::Macro(m) => self.mac(&mut schema, m),
                Item::Mod(m) => {
                    let docs = self.check_attrs(&m.attrs, "a module");
                    let Some((_, items)) = m.content else {
                        self.error(m.span(), format!("expected the module's items in braces: `pub mod {} {{ ... }}`", m.ident));
                        continue;
                    };
                    if m.ident == "sql_types" {
                        schema.sql_types_docs = docs;
                        self.sql_types(&mut schema, items);
                    } else {
                        let mut module = self.module(Some(m.ident.to_string()), items);
                        module.docs = docs;
                        schema.modules.push(module);
                    }
                }
                other => self.error(
                    other.span(),
                    "unsupported item: expected `diesel::table!`, `diesel::joinable!`, \
                     `diesel::allow_tables_to_appear_in_same_query!`, `pub mod sql_types` or `pub mod <schema>`",
                ),
            }
        }
        schema
    }

    fn mac(&mut self, schema: &mut Schema, m: syn::ItemMacro) {
        self.check_attrs(&m.attrs, "a macro");
        let path = &m.mac.path;
        let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let last = names.last().map(String::as_str).unwrap_or_default();
        let qualified_ok = names.len() == 1 && path.leading_colon.is_none()
            || names.len() == 2 && names[0] == "diesel";
        let kind = match last {
            "table" if qualified_ok => Kind::Table,
            "joinable" if qualified_ok => Kind::Joinable,
            "allow_tables_to_appear_in_same_query" if qualified_ok => Kind::Allow,
            _ => {
                let shown = format!(
                    "{}{}",
                    if path.leading_colon.is_some() {
                        "::"
                    } else {
                        ""
                    },
                    names.join("::")
                );
                self.error(
                    path.span(),
                    format!(
                        "unsupported macro `{shown}!`: expected `diesel::table!`, `diesel::joinable!` or \
                         `diesel::allow_tables_to_appear_in_same_query!`"
                    ),
                );
                return;
            }
        };
        let result = match kind {
            Kind::Table => m
                .mac
                .parse_body::<TableDecl>()
                .map(|t| schema.tables.push(t.0)),
            Kind::Joinable => m
                .mac
                .parse_body::<JoinableDecl>()
                .map(|j| schema.joinables.push(j.0)),
            Kind::Allow => m
                .mac
                .parse_body::<AllowDecl>()
                .map(|a| schema.allow_groups.push(a.0)),
        };
        if let Err(e) = result {
            self.syn_error(e);
        }
    }

    fn sql_types(&mut self, schema: &mut Schema, items: Vec<Item>) {
        for item in items {
            let Item::Struct(s) = item else {
                self.error(
                    item.span(),
                    "unsupported item in `sql_types`: expected `pub struct Name;`",
                );
                continue;
            };
            if !matches!(s.fields, syn::Fields::Unit) || !s.generics.params.is_empty() {
                self.error(
                    s.span(),
                    format!(
                        "expected a unit struct `pub struct {};` in `sql_types`",
                        s.ident
                    ),
                );
                continue;
            }
            match custom_type(&s) {
                Ok(t) => schema.sql_types.push(t),
                Err(e) => self.syn_error(e),
            }
        }
    }
}

/// The text of a `///` line (`#[doc = "..."]`), or `None` for any other attribute.
pub(crate) fn doc_line(attr: &Attribute) -> Option<String> {
    match &attr.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

fn custom_type(s: &syn::ItemStruct) -> syn::Result<CustomType> {
    let mut docs = Vec::new();
    let mut derives = Vec::new();
    let mut sql = None;
    for attr in &s.attrs {
        if let Some(line) = doc_line(attr) {
            docs.push(line);
        } else if attr.path().is_ident("derive") {
            let paths = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )?;
            derives.extend(paths.iter().map(render_path));
        } else if attr.path().is_ident("diesel") && sql.is_none() {
            sql = Some(attr.parse_args_with(parse_sql_type_attr)?);
        } else {
            return Err(syn::Error::new(
                attr.path().span(),
                "unsupported attribute in `sql_types`: expected `#[derive(...)]`, one \
                 `#[diesel(postgres_type(...))]` (or `mysql_type`, `sqlite_type`) or a doc comment",
            ));
        }
    }
    let sql = sql.ok_or_else(|| {
        syn::Error::new(
            s.ident.span(),
            format!("`{}` has no `#[diesel(postgres_type(name = \"...\"))]` (or `mysql_type`, `sqlite_type`)", s.ident),
        )
    })?;
    Ok(CustomType {
        rust_name: s.ident.to_string(),
        docs,
        derives,
        sql,
    })
}

fn render_path(path: &syn::Path) -> String {
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    format!(
        "{}{}",
        if path.leading_colon.is_some() {
            "::"
        } else {
            ""
        },
        names.join("::")
    )
}

/// `postgres_type(name = "mood", schema = "custom")`, `mysql_type(name = "Enum")`, `sqlite_type(name = "Text")`.
fn parse_sql_type_attr(input: syn::parse::ParseStream<'_>) -> syn::Result<CustomSqlType> {
    let kind: syn::Ident = input.parse()?;
    let allowed: &[&str] = match kind.to_string().as_str() {
        "postgres_type" => &["name", "schema"],
        "mysql_type" | "sqlite_type" => &["name"],
        other => {
            return Err(syn::Error::new(
                kind.span(),
                format!(
                    "unsupported `#[diesel({other}(...))]`: expected `postgres_type`, `mysql_type` or `sqlite_type`"
                ),
            ));
        }
    };
    let content;
    syn::parenthesized!(content in input);
    let (mut name, mut schema) = (None, None);
    while !content.is_empty() {
        let key: syn::Ident = content.parse()?;
        if !allowed.contains(&key.to_string().as_str()) {
            let list = allowed
                .iter()
                .map(|k| format!("`{k} = \"...\"`"))
                .collect::<Vec<_>>()
                .join(" or ");
            return Err(syn::Error::new(
                key.span(),
                format!("unsupported key `{key}` in `{kind}`: expected {list}"),
            ));
        }
        content.parse::<syn::Token![=]>()?;
        let value: syn::LitStr = content.parse()?;
        if key == "name" {
            name = Some(value.value())
        } else {
            schema = Some(value.value())
        }
        if !content.is_empty() {
            content.parse::<syn::Token![,]>()?;
        }
    }
    if !input.is_empty() {
        return Err(input.error("expected one `..._type(...)` in `#[diesel(...)]`"));
    }
    let name = name
        .ok_or_else(|| syn::Error::new(kind.span(), format!("`{kind}` needs `name = \"...\"`")))?;
    Ok(match kind.to_string().as_str() {
        "postgres_type" => CustomSqlType::Postgres { name, schema },
        "mysql_type" => CustomSqlType::Mysql { name },
        _ => CustomSqlType::Sqlite { name },
    })
}
