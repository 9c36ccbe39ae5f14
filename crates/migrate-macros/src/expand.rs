//! Expansion: find the folder, run migrate-core's loader and validator, and turn the revisions into a
//! const-evaluable table (or the diagnostics into spanned compile errors).

use std::path::{Path, PathBuf};

use migrate_core::{Diagnostics, HeadsPolicy, Revision, load_folder, validate};
use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;

use crate::input::Input;

/// Test-only: when set (to an absolute path), the folder is resolved against it instead of
/// `CARGO_MANIFEST_DIR`. trybuild compiles test cases in a crate of its own under `target/`, so the ui tests
/// point this at the folder that holds their fixtures. Applications never set it.
pub const MANIFEST_DIR_OVERRIDE: &str = "MIGRATE_MANIFEST_DIR_OVERRIDE";

/// Expands `embed_migrations!(...)`: the only function here that reads the environment.
pub fn expand(tokens: TokenStream) -> syn::Result<TokenStream> {
    let input: Input = syn::parse2(tokens)?;
    let root = manifest_dir(input.span())?;
    expand_in(&input, &root)
}

/// The folder that paths are relative to: the invoking crate's `CARGO_MANIFEST_DIR`, or the test override.
fn manifest_dir(span: Span) -> syn::Result<PathBuf> {
    if let Some(dir) = std::env::var_os(MANIFEST_DIR_OVERRIDE) {
        let dir = PathBuf::from(dir);
        if !dir.is_absolute() {
            return Err(syn::Error::new(
                span,
                format!(
                    "{MANIFEST_DIR_OVERRIDE} must be an absolute path, found `{}`",
                    dir.display()
                ),
            ));
        }
        return Ok(dir);
    }
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Err(syn::Error::new(
            span,
            "CARGO_MANIFEST_DIR is not set: build this crate with cargo",
        )),
    }
}

/// Expands `input` with paths resolved against `root` (an absolute folder). Pure apart from reading the
/// migrations folder.
pub fn expand_in(input: &Input, root: &Path) -> syn::Result<TokenStream> {
    let dir = root.join(input.folder());
    let mut loaded = load_folder(&dir, root);
    let files = std::mem::take(&mut loaded.files);
    let policy = if input.allow_multiple_heads {
        HeadsPolicy::AllowMultiple
    } else {
        HeadsPolicy::Single
    };
    match validate(loaded, policy) {
        Ok(graph) => Ok(table(graph.revisions(), &files)),
        Err(problems) => Err(to_error(&problems, input.span())),
    }
}

/// One `syn::Error` holding every diagnostic, each rendered as migrate-core displays it
/// (`path:line: message` and `  help: hint`), so that they all become compile errors in one build.
fn to_error(problems: &Diagnostics, span: Span) -> syn::Error {
    let mut errors = problems
        .iter()
        .map(|diagnostic| syn::Error::new(span, diagnostic.to_string()));
    let Some(mut combined) = errors.next() else {
        return syn::Error::new(span, "the migrations folder failed validation");
    };
    for error in errors {
        combined.combine(error);
    }
    combined
}

/// The table: a block expression that is const-evaluable, so it can initialise a `const` or a `static`.
///
/// Every revision becomes a `Revision` literal made of `Cow::Borrowed` string literals (one pass, linear in
/// the folder's size). The graph is built from the same slice on first use, in a `OnceLock` local to the
/// block. Each file is also named in an `include_str!`, so that cargo rebuilds the crate when it changes.
pub fn table(revisions: &[Revision], files: &[PathBuf]) -> TokenStream {
    let tracked = files
        .iter()
        // A path that is not UTF-8 cannot be written as a literal; such a file is embedded but not tracked.
        .filter_map(|file| file.to_str())
        .map(|file| {
            let file = Literal::string(file);
            quote! { const _: &str = ::core::include_str!(#file); }
        });
    let entries = revisions.iter().map(revision);
    quote! {
        {
            use ::migrate_runtime::__private as __migrate;
            #(#tracked)*
            const REVISIONS: &[__migrate::Revision] = &[#(#entries),*];
            static GRAPH: __migrate::OnceLock<__migrate::RevisionGraph> = __migrate::OnceLock::new();
            fn graph() -> &'static __migrate::RevisionGraph {
                GRAPH.get_or_init(|| __migrate::graph_from_embedded(REVISIONS))
            }
            __migrate::EmbeddedMigrations::__new(REVISIONS, graph)
        }
    }
}

fn text(value: &str) -> TokenStream {
    let value = Literal::string(value);
    quote! { __migrate::Cow::Borrowed(#value) }
}

fn list<'a>(values: impl Iterator<Item = &'a str>) -> TokenStream {
    let values = values.map(text);
    quote! { __migrate::Cow::Borrowed(&[#(#values),*]) }
}

fn revision(revision: &Revision) -> TokenStream {
    // Destructured so that a field added to `Revision` or `Source` fails to compile here until it is embedded.
    let Revision {
        id,
        parents,
        depends_on,
        branch_labels,
        message,
        create_date,
        transactional,
        up_sql,
        down_sql,
        checksum,
        source,
    } = revision;
    let migrate_core::Source {
        path,
        id_line,
        parents_line,
        depends_on_line,
        labels_line,
        up_line,
        down_line,
    } = source;
    let id = text(id);
    let parents = list(parents.iter().map(AsRef::as_ref));
    let depends_on = list(depends_on.iter().map(AsRef::as_ref));
    let branch_labels = list(branch_labels.iter().map(AsRef::as_ref));
    let message = text(message);
    let create_date = text(create_date);
    let up_sql = text(up_sql);
    let down_sql = match down_sql {
        Some(sql) => {
            let sql = text(sql);
            quote! { ::core::option::Option::Some(#sql) }
        }
        None => quote! { ::core::option::Option::None },
    };
    let checksum = text(checksum);
    let path = text(path);
    let lines = [
        id_line,
        parents_line,
        depends_on_line,
        labels_line,
        up_line,
        down_line,
    ]
    .map(|line| Literal::u32_suffixed(*line));
    let [
        id_line,
        parents_line,
        depends_on_line,
        labels_line,
        up_line,
        down_line,
    ] = lines;
    quote! {
        __migrate::Revision {
            id: #id,
            parents: #parents,
            depends_on: #depends_on,
            branch_labels: #branch_labels,
            message: #message,
            create_date: #create_date,
            transactional: #transactional,
            up_sql: #up_sql,
            down_sql: #down_sql,
            checksum: #checksum,
            source: __migrate::Source {
                path: #path,
                id_line: #id_line,
                parents_line: #parents_line,
                depends_on_line: #depends_on_line,
                labels_line: #labels_line,
                up_line: #up_line,
                down_line: #down_line,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = root.path().join("migrations").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        root
    }

    fn expand_at(root: &Path, tokens: TokenStream) -> syn::Result<String> {
        let input: Input = syn::parse2(tokens)?;
        expand_in(&input, root).map(|tokens| tokens.to_string())
    }

    const ROOT: &str = "-- Revision ID: a1\n-- Branch Labels: main\n\n-- migrate:up\nCREATE TABLE \"t\" (id INT);\r\n-- migrate:down\nDROP TABLE t;\n";
    const CHILD: &str =
        "-- Revision ID: b2\n-- Revises: a1\n-- Transactional: false\n\n-- migrate:up\nSELECT 1;\n";
    const OTHER: &str = "-- Revision ID: c3\n-- Revises: a1\n\n-- migrate:up\nSELECT 2;\n";

    #[test]
    fn embeds_every_field_and_tracks_every_file() {
        let root = folder(&[("a.sql", ROOT), ("sub/b.sql", CHILD)]);
        let out = expand_at(root.path(), quote!()).unwrap();
        for file in ["a.sql", "sub/b.sql"] {
            let path = root.path().join("migrations").join(file);
            let include = format!("include_str ! ({:?})", path.to_str().unwrap());
            assert!(out.contains(&include), "{include} not in {out}");
        }
        assert_eq!(out.matches("__migrate :: Revision {").count(), 2);
        assert!(out.contains("id : __migrate :: Cow :: Borrowed (\"a1\")"));
        assert!(out.contains(
            "parents : __migrate :: Cow :: Borrowed (& [__migrate :: Cow :: Borrowed (\"a1\")])"
        ));
        assert!(out.contains(
            "branch_labels : __migrate :: Cow :: Borrowed (& [__migrate :: Cow :: Borrowed (\"main\")])"
        ));
        // SQL is emitted verbatim (escaped), CRLF included; the checksum is computed now.
        assert!(out.contains(
            r#"up_sql : __migrate :: Cow :: Borrowed ("CREATE TABLE \"t\" (id INT);\r\n")"#
        ));
        let checksum = migrate_core::checksum("CREATE TABLE \"t\" (id INT);\n");
        assert!(out.contains(&format!(
            "checksum : __migrate :: Cow :: Borrowed (\"{checksum}\")"
        )));
        assert!(out.contains("down_sql : :: core :: option :: Option :: Some"));
        assert!(out.contains("down_sql : :: core :: option :: Option :: None"));
        assert!(out.contains("transactional : false"));
        assert!(out.contains("path : __migrate :: Cow :: Borrowed (\"migrations/sub/b.sql\")"));
        assert!(out.contains("up_line : 5u32"));
        assert!(out.contains("__migrate :: EmbeddedMigrations :: __new (REVISIONS , graph)"));
    }

    #[test]
    fn every_diagnostic_becomes_its_own_error_in_order() {
        let root = folder(&[
            (
                "a.sql",
                "-- Revision ID: a1\n-- Revizes: x\n\n-- migrate:up\nSELECT 1;\n",
            ),
            (
                "b.sql",
                "-- Revision ID: b2\n-- Revises: a2\n\n-- migrate:up\nSELECT 1;\n",
            ),
        ]);
        let error = expand_at(root.path(), quote!()).unwrap_err();
        let messages: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("migrations/a.sql:2: unknown header key `Revizes`\n  help: ")
        );
        assert!(messages[1].starts_with("migrations/b.sql:2: "));
        assert!(
            messages[1].contains("did you mean `a1`?"),
            "{}",
            messages[1]
        );

        let fallback = crate::fallback::expand(
            expand_at(root.path(), quote!(allow_multiple_heads)).unwrap_err(),
        )
        .to_string();
        assert_eq!(fallback.matches("compile_error !").count(), 2);
        assert!(fallback.contains("EmbeddedMigrations :: __new (REVISIONS , graph)"));
        assert!(fallback.contains("const REVISIONS : & [__migrate :: Revision] = & [] ;"));
    }

    #[test]
    fn heads_policy_follows_the_option() {
        let root = folder(&[("a.sql", ROOT), ("b.sql", CHILD), ("c.sql", OTHER)]);
        let error = expand_at(root.path(), quote!()).unwrap_err().to_string();
        assert!(error.contains("b2") && error.contains("c3"), "{error}");
        assert!(error.contains("migrate merge heads"), "{error}");
        let out = expand_at(root.path(), quote!("migrations", allow_multiple_heads)).unwrap();
        assert_eq!(out.matches("__migrate :: Revision {").count(), 3);
    }

    #[test]
    fn missing_folder_and_relative_paths() {
        let root = folder(&[("a.sql", ROOT)]);
        let error = expand_at(root.path(), quote!("db/migrations")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("db/migrations: migrations folder not found")
        );
        // `..` is allowed: the path stays relative to the crate, as the run-time loader would print it.
        let nested = root.path().join("app");
        std::fs::create_dir(&nested).unwrap();
        let out = expand_at(&nested, quote!("../migrations")).unwrap();
        assert!(out.contains("\"../migrations/a.sql\""));
    }
}
