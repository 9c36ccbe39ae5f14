//! The Rust identifier `diesel print-schema` gives an SQL name, for whoever fills the model from a database.
//!
//! diesel_cli's rule (observed in its output, see the golden files): characters outside `[A-Za-z0-9_]` become
//! `_` (a run of them one `_`), a leading digit gets a `_` in front, and a name that is not an identifier
//! (a keyword such as `type`), one of `table`, `columns`, `is_nullable`, one starting with `__` (unless it ends
//! with `_`), or (for a column) the name of its own table gets a trailing `_`. Case is kept.

/// Names `table!` itself uses, which a column or table may not take.
const RESERVED: [&str; 3] = ["table", "columns", "is_nullable"];

/// The identifier for `sql_name`; `table` is the Rust name of the column's table (`None` for a table or a
/// schema module). The caller writes `#[sql_name]` when the two differ ([`crate::Name::needs_sql_name`]).
pub fn rust_name_for_sql_name(sql_name: &str, table: Option<&str>) -> String {
    let mapped = replace_unmappable(sql_name);
    if is_reserved(&mapped) || Some(mapped.as_str()) == table {
        format!("{mapped}_")
    } else {
        mapped
    }
}

/// Whether `name` needs a trailing `_` to be usable in `table!` (the rule diesel_cli also applies to the
/// column of a `joinable!`).
pub fn is_reserved(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_err()
        || RESERVED.contains(&name)
        || (name.starts_with("__") && !name.ends_with('_'))
}

fn mappable(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn replace_unmappable(name: &str) -> String {
    let Some(first) = name.chars().next() else {
        return String::new();
    };
    if name.chars().all(mappable) && !first.is_ascii_digit() {
        return name.to_owned();
    }
    // Everything before the first unmappable character is kept as it is; after it, each run of unmappable
    // characters is one `_`. A leading digit counts as following a `_` that is put in front.
    let (mut out, rest, mut after_underscore) = if first.is_ascii_digit() {
        (String::from("_"), name, true)
    } else {
        let split = name.find(|c| !mappable(c)).unwrap_or(name.len());
        (name[..split].to_owned(), &name[split..], false)
    };
    for c in rest.chars() {
        if mappable(c) {
            out.push(c);
            after_underscore = false;
        } else if !after_underscore {
            out.push('_');
            after_underscore = true;
        }
    }
    out
}
