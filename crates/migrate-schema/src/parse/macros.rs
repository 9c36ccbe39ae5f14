//! The bodies of `table!`, `joinable!` and `allow_tables_to_appear_in_same_query!`, parsed with syn.
//!
//! The grammar follows Diesel 2.3's `table!` (diesel_table_macro_syntax): leading `use` lines, outer
//! attributes, `name` or `schema.name`, an optional primary key list, then `attrs* column -> Type,` lines.

use std::collections::HashSet;

use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, Token, UseTree};

use crate::model::{Column, Facets, Joinable, Name, Table, unraw};
use crate::types::SqlType;

/// A parsed `table!` body.
pub(crate) struct TableDecl(pub(crate) Table);

/// A parsed `joinable!` body.
pub(crate) struct JoinableDecl(pub(crate) Joinable);

/// A parsed `allow_tables_to_appear_in_same_query!` body.
pub(crate) struct AllowDecl(pub(crate) Vec<String>);

/// What the attributes of a table or a column said.
#[derive(Default)]
struct Attrs {
    docs: Vec<String>,
    sql_name: Option<String>,
    max_length: Option<u64>,
}

/// Reads doc comments, `#[sql_name = "..."]` and (for columns) `#[max_length = N]`; refuses the rest.
fn read_attrs(attrs: Vec<Attribute>, column: bool) -> syn::Result<Attrs> {
    let mut out = Attrs::default();
    for attr in attrs {
        let expected = if column {
            "expected `#[sql_name = \"...\"]`, `#[max_length = N]` or a doc comment"
        } else {
            "expected `#[sql_name = \"...\"]` or a doc comment"
        };
        let name = attr
            .path()
            .get_ident()
            .map(Ident::to_string)
            .unwrap_or_default();
        let value = match &attr.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(lit) => Some(&lit.lit),
                _ => None,
            },
            _ => None,
        };
        match (name.as_str(), value) {
            ("doc", Some(syn::Lit::Str(s))) => out.docs.push(s.value()),
            ("sql_name", Some(syn::Lit::Str(s))) if out.sql_name.is_none() => {
                let value = s.value();
                out.sql_name = Some(value.strip_prefix("r#").unwrap_or(&value).to_owned());
            }
            ("sql_name", Some(_)) if out.sql_name.is_some() => {
                return Err(syn::Error::new_spanned(
                    &attr,
                    "`#[sql_name]` is given twice",
                ));
            }
            ("sql_name", _) => {
                return Err(syn::Error::new_spanned(
                    &attr,
                    "invalid `#[sql_name]`: expected `#[sql_name = \"...\"]` with a string literal",
                ));
            }
            ("max_length", Some(syn::Lit::Int(n))) if column && out.max_length.is_none() => {
                out.max_length = Some(n.base10_parse()?);
            }
            ("max_length", _) if column => {
                return Err(syn::Error::new_spanned(
                    &attr,
                    "invalid `#[max_length]`: expected `#[max_length = N]` with an integer, given once",
                ));
            }
            _ => {
                let shown = attr.path().segments.iter().map(|s| s.ident.to_string());
                let shown = shown.collect::<Vec<_>>().join("::");
                return Err(syn::Error::new_spanned(
                    attr.path(),
                    format!("unsupported attribute `#[{shown}]`: {expected}"),
                ));
            }
        }
    }
    Ok(out)
}

/// An identifier, or a clear error naming what was expected.
fn ident(input: ParseStream<'_>, what: &str) -> syn::Result<Ident> {
    if input.peek(Ident) {
        input.parse()
    } else {
        Err(input.error(format!("expected {what}")))
    }
}

/// `use` trees rendered as `diesel print-schema` writes them (`diesel::sql_types::*`).
pub(crate) fn render_use(tree: &UseTree) -> String {
    match tree {
        UseTree::Path(p) => format!("{}::{}", p.ident, render_use(&p.tree)),
        UseTree::Name(n) => n.ident.to_string(),
        UseTree::Rename(r) => format!("{} as {}", r.ident, r.rename),
        UseTree::Glob(_) => "*".to_owned(),
        UseTree::Group(g) => {
            let items: Vec<String> = g.items.iter().map(render_use).collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

impl Parse for TableDecl {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut uses = Vec::new();
        while input.peek(Token![use]) {
            let item: syn::ItemUse = input.parse()?;
            let colon = if item.leading_colon.is_some() {
                "::"
            } else {
                ""
            };
            uses.push(format!("{colon}{}", render_use(&item.tree)));
        }
        let attrs = read_attrs(Attribute::parse_outer(input)?, false)?;
        let first = ident(input, "a table name (`users` or `schema.users`)")?;
        let (schema, name) = if input.peek(Token![.]) {
            input.parse::<Token![.]>()?;
            (Some(first), ident(input, "a table name after `schema.`")?)
        } else {
            (None, first)
        };
        let schema_name = schema.as_ref().map(Ident::to_string);
        let sql = match (attrs.sql_name, &schema_name) {
            // `diesel print-schema` writes the schema into the table's `#[sql_name]`.
            (Some(sql), Some(schema)) => match sql.strip_prefix(&format!("{}.", unraw(schema))) {
                Some(rest) => rest.to_owned(),
                None => sql,
            },
            (Some(sql), None) => sql,
            (None, _) => name.unraw().to_string(),
        };
        let mut key = Vec::new();
        let primary_key_written = input.peek(syn::token::Paren);
        if primary_key_written {
            let content;
            let parens = syn::parenthesized!(content in input);
            let keys = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?;
            if keys.is_empty() {
                return Err(syn::Error::new(
                    parens.span.join(),
                    "expected at least one primary key column in `( )`",
                ));
            }
            key.extend(keys);
        }
        if !input.peek(syn::token::Brace) {
            return Err(input.error("expected the primary key `(id)` or the columns `{ ... }`"));
        }
        let content;
        syn::braced!(content in input);
        let mut columns = Vec::new();
        let mut seen = HashSet::new();
        while !content.is_empty() {
            let (column, span) = parse_column(&content)?;
            if !seen.insert(column.name.rust.clone()) {
                return Err(syn::Error::new(
                    span,
                    format!("column `{}` is declared twice", column.name.rust),
                ));
            }
            columns.push(column);
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
        }
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the table's columns"));
        }
        let primary_key = if primary_key_written {
            for k in &key {
                if !seen.contains(&k.to_string()) {
                    return Err(syn::Error::new(
                        k.span(),
                        format!("primary key column `{k}` is not a column of table `{name}`"),
                    ));
                }
            }
            key.iter().map(Ident::to_string).collect()
        } else if seen.contains("id") {
            vec!["id".to_owned()]
        } else {
            return Err(syn::Error::new(
                name.span(),
                format!(
                    "table `{name}` has no primary key list and no `id` column: write `{name} (key) {{`"
                ),
            ));
        };
        Ok(TableDecl(Table {
            name: Name {
                rust: name.to_string(),
                sql,
            },
            schema: schema_name,
            docs: attrs.docs,
            uses: Some(uses),
            primary_key,
            columns,
            facets: Facets::default(),
        }))
    }
}

fn parse_column(input: ParseStream<'_>) -> syn::Result<(Column, proc_macro2::Span)> {
    let attrs = read_attrs(Attribute::parse_outer(input)?, true)?;
    let name = ident(input, "a column name")?;
    if !input.peek(Token![->]) {
        return Err(input.error(format!(
            "expected `->` and the SQL type after column `{name}`"
        )));
    }
    input.parse::<Token![->]>()?;
    let ty = parse_type(input)?;
    let sql = attrs.sql_name.unwrap_or_else(|| name.unraw().to_string());
    let column = Column {
        name: Name {
            rust: name.to_string(),
            sql,
        },
        ty,
        max_length: attrs.max_length,
        docs: attrs.docs,
    };
    Ok((column, name.span()))
}

/// A type: a path with optional generic arguments on its last segment, or a tuple (inside `Record<...>`).
fn parse_type(input: ParseStream<'_>) -> syn::Result<SqlType> {
    if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        let mut items = Vec::new();
        while !content.is_empty() {
            items.push(parse_type(&content)?);
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
        }
        return Ok(SqlType::Tuple(items));
    }
    let leading_colon = input.peek(Token![::]);
    if leading_colon {
        input.parse::<Token![::]>()?;
    }
    let mut segments = Vec::new();
    let mut args = Vec::new();
    loop {
        if !input.peek(Ident::peek_any) {
            return Err(input.error(
                "expected a SQL type such as `Text`, `Nullable<Int4>` or `sql_types::Mood`",
            ));
        }
        segments.push(input.call(Ident::parse_any)?.to_string());
        if input.peek(Token![<]) {
            input.parse::<Token![<]>()?;
            loop {
                args.push(parse_type(input)?);
                if input.peek(Token![>]) {
                    input.parse::<Token![>]>()?;
                    break;
                }
                if !input.peek(Token![,]) {
                    return Err(input.error("expected `,` or `>` in the type's arguments"));
                }
                input.parse::<Token![,]>()?;
                if input.peek(Token![>]) {
                    input.parse::<Token![>]>()?;
                    break;
                }
            }
            break;
        }
        if input.peek(Token![::]) {
            input.parse::<Token![::]>()?;
        } else {
            break;
        }
    }
    Ok(SqlType::Path {
        leading_colon,
        segments,
        args,
    })
}

impl Parse for JoinableDecl {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let child = ident(
            input,
            "the child table: `joinable!(child -> parent (column))`",
        )?;
        if !input.peek(Token![->]) {
            return Err(input.error("expected `->`: `joinable!(child -> parent (column))`"));
        }
        input.parse::<Token![->]>()?;
        let parent = ident(
            input,
            "the parent table: `joinable!(child -> parent (column))`",
        )?;
        if !input.peek(syn::token::Paren) {
            return Err(input.error(
                "expected the foreign key column in `( )`: `joinable!(child -> parent (column))`",
            ));
        }
        let content;
        syn::parenthesized!(content in input);
        let column = ident(&content, "the foreign key column")?;
        if !content.is_empty() {
            return Err(
                content.error("expected one foreign key column: `joinable!` takes a single column")
            );
        }
        if !input.is_empty() {
            return Err(
                input.error("unexpected tokens after `joinable!(child -> parent (column))`")
            );
        }
        Ok(JoinableDecl(Joinable {
            child: child.to_string(),
            parent: parent.to_string(),
            column: column.to_string(),
        }))
    }
}

impl Parse for AllowDecl {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut tables = Vec::new();
        while !input.is_empty() {
            tables.push(ident(input, "a table name")?.to_string());
            if !input.is_empty() {
                if !input.peek(Token![,]) {
                    return Err(input.error("expected `,` between table names"));
                }
                input.parse::<Token![,]>()?;
            }
        }
        Ok(AllowDecl(tables))
    }
}
