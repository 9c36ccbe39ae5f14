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
    let loaded = load_folder(&dir, root);
    let policy = if input.allow_multiple_heads {
        HeadsPolicy::AllowMultiple
    } else {
        HeadsPolicy::Single
    };
    match validate(loaded, policy) {
        Ok(graph) => Ok(table(graph.revisions(), root)),
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
/// Every revision becomes one `EmbeddedRevision` literal of plain `'static` data (one pass, linear in the
/// folder's size). Its `text` is the file itself, `include_str!`-ed: the SQL reaches the compiler straight from
/// disk rather than as macro tokens, and cargo rebuilds the crate when the file changes. The up and down
/// sections are byte ranges of that text. The `Revision`s and the graph are built from the table on first
/// use, in a `OnceLock` local to the block.
pub fn table(revisions: &[Revision], root: &Path) -> TokenStream {
    let mut tracked = Vec::new();
    let entries: Vec<TokenStream> = revisions
        .iter()
        .map(|r| revision(r, root, &mut tracked))
        .collect();
    quote! {
        {
            use ::migrate_runtime::__private as __migrate;
            #(#tracked)*
            const TABLE: &[__migrate::EmbeddedRevision] = &[#(#entries),*];
            static GRAPH: __migrate::OnceLock<__migrate::RevisionGraph> = __migrate::OnceLock::new();
            fn graph() -> &'static __migrate::RevisionGraph {
                GRAPH.get_or_init(|| __migrate::graph_from_embedded(TABLE))
            }
            __migrate::EmbeddedMigrations::__new(TABLE, graph)
        }
    }
}

/// Where the SQL sections lie in `text`: byte ranges with the same content (`None` if one is missing).
type Ranges = ((usize, usize), Option<(usize, usize)>);

fn ranges(text: &str, up: &str, down: Option<&str>) -> Option<Ranges> {
    let find = |section: &str| text.find(section).map(|at| (at, at + section.len()));
    let down = match down {
        Some(section) => Some(find(section)?),
        None => None,
    };
    Some((find(up)?, down))
}

fn range((start, end): (usize, usize)) -> TokenStream {
    quote! { (#start, #end) }
}

/// One revision's literal. The text is the file (`include_str!`) when its path is UTF-8 and its sections are
/// found in it, which is the rule; otherwise the sections themselves as a literal, and the file is tracked by
/// a separate `include_str!` pushed to `tracked` where its path allows.
fn revision(revision: &Revision, root: &Path, tracked: &mut Vec<TokenStream>) -> TokenStream {
    let source = &revision.source;
    let file = root.join(&*source.path);
    let file_path = file.to_str();
    let up = &*revision.up_sql;
    let down = revision.down_sql.as_deref();
    let on_disk = file_path.and_then(|path| {
        let text = std::fs::read_to_string(&file).ok()?;
        Some((path, ranges(&text, up, down)?))
    });
    let (text, up_range, down_range) = match on_disk {
        Some((path, (up_range, down_range))) => {
            let path = Literal::string(path);
            (quote! { ::core::include_str!(#path) }, up_range, down_range)
        }
        None => {
            if let Some(path) = file_path {
                let path = Literal::string(path);
                tracked.push(quote! { const _: &str = ::core::include_str!(#path); });
            }
            let sections = format!("{up}{}", down.unwrap_or_default());
            let down_range = down.map(|d| (up.len(), up.len() + d.len()));
            (quote! { #sections }, (0, up.len()), down_range)
        }
    };
    let id = &*revision.id;
    let list = |values: &[std::borrow::Cow<'static, str>]| {
        let values = values.iter().map(|v| &**v);
        quote! { &[#(#values),*] }
    };
    let parents = list(&revision.parents);
    let depends_on = list(&revision.depends_on);
    let branch_labels = list(&revision.branch_labels);
    let message = &*revision.message;
    let create_date = &*revision.create_date;
    let transactional = revision.transactional;
    let up_range = range(up_range);
    let down_range = match down_range {
        Some(r) => {
            let r = range(r);
            quote! { ::core::option::Option::Some(#r) }
        }
        None => quote! { ::core::option::Option::None },
    };
    let checksum = &*revision.checksum;
    let path = &*source.path;
    let lines = [
        source.id_line,
        source.parents_line,
        source.depends_on_line,
        source.labels_line,
        source.up_line,
        source.down_line,
    ];
    quote! {
        __migrate::EmbeddedRevision {
            text: #text,
            id: #id,
            parents: #parents,
            depends_on: #depends_on,
            branch_labels: #branch_labels,
            message: #message,
            create_date: #create_date,
            transactional: #transactional,
            up: #up_range,
            down: #down_range,
            checksum: #checksum,
            path: #path,
            lines: [#(#lines),*],
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
    fn embeds_every_field_and_includes_every_file() {
        let root = folder(&[("a.sql", ROOT), ("sub/b.sql", CHILD)]);
        let out = expand_at(root.path(), quote!()).unwrap();
        for file in ["a.sql", "sub/b.sql"] {
            let path = root.path().join("migrations").join(file);
            let include = format!(
                "text : :: core :: include_str ! ({:?})",
                path.to_str().unwrap()
            );
            assert!(out.contains(&include), "{include} not in {out}");
        }
        assert_eq!(out.matches("__migrate :: EmbeddedRevision {").count(), 2);
        assert!(out.contains("id : \"a1\""));
        assert!(out.contains("parents : & [\"a1\"]"));
        assert!(out.contains("branch_labels : & [\"main\"]"));
        // The sections are byte ranges of the file, CRLF included; the checksum is computed now.
        let up = "CREATE TABLE \"t\" (id INT);\r\n";
        let start = ROOT.find(up).unwrap();
        assert!(out.contains(&format!("up : ({start}usize , {}usize)", start + up.len())));
        let down = ROOT.find("DROP TABLE t;\n").unwrap();
        assert!(out.contains(&format!(
            "down : :: core :: option :: Option :: Some (({down}usize , {}usize))",
            ROOT.len()
        )));
        let checksum = migrate_core::checksum("CREATE TABLE \"t\" (id INT);\n");
        assert!(out.contains(&format!("checksum : \"{checksum}\"")));
        assert!(out.contains("down : :: core :: option :: Option :: None"));
        assert!(out.contains("transactional : false"));
        assert!(out.contains("path : \"migrations/sub/b.sql\""));
        assert!(
            out.contains("lines : [1u32 , 2u32 , 1u32 , 1u32 , 5u32 , 0u32]"),
            "{out}"
        );
        assert!(out.contains("__migrate :: EmbeddedMigrations :: __new (TABLE , graph)"));
    }

    #[test]
    fn sections_are_found_by_content() {
        let text = "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n";
        assert_eq!(
            ranges(text, "SELECT 1;\n", Some("SELECT 2;\n")),
            Some(((14, 24), Some((40, 50))))
        );
        assert_eq!(ranges(text, "", None), Some(((0, 0), None)));
        assert_eq!(ranges(text, "SELECT 3;", None), None);
        assert_eq!(ranges(text, "SELECT 1;\n", Some("SELECT 3;")), None);
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
        assert!(fallback.contains("EmbeddedMigrations :: __new (TABLE , graph)"));
        assert!(fallback.contains("const TABLE : & [__migrate :: EmbeddedRevision] = & [] ;"));
    }

    #[test]
    fn heads_policy_follows_the_option() {
        let root = folder(&[("a.sql", ROOT), ("b.sql", CHILD), ("c.sql", OTHER)]);
        let error = expand_at(root.path(), quote!()).unwrap_err().to_string();
        assert!(error.contains("b2") && error.contains("c3"), "{error}");
        assert!(error.contains("migrate merge heads"), "{error}");
        let out = expand_at(root.path(), quote!("migrations", allow_multiple_heads)).unwrap();
        assert_eq!(out.matches("__migrate :: EmbeddedRevision {").count(), 3);
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
