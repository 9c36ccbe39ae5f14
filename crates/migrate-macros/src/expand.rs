//! Expansion: find the folder, run migrate-core's loader and validator, and turn the revisions into a
//! const-evaluable table (or the diagnostics into spanned compile errors).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use migrate_core::{Diagnostics, HeadsPolicy, Node, RevisionGraph, load_folder, validate};
use proc_macro2::{Span, TokenStream};

use crate::input::Input;
use crate::timings::Timings;

/// Test-only: when set (to an absolute path), the folder is resolved against it instead of
/// `CARGO_MANIFEST_DIR`. trybuild compiles test cases in a crate of its own under `target/`, so the ui tests
/// point this at the folder that holds their fixtures. Applications never set it.
pub const MANIFEST_DIR_OVERRIDE: &str = "MIGRATE_MANIFEST_DIR_OVERRIDE";

/// Expands `embed_migrations!(...)`: the only function here that reads the environment. The expansion is
/// source text, for the compiler to lex in one go (see [`table`]).
pub fn expand(tokens: TokenStream) -> syn::Result<String> {
    let input: Input = syn::parse2(tokens)?;
    let root = manifest_dir(input.span())?;
    let mut timings = Timings::from_env();
    let expanded = expand_in(&input, &root, &mut timings);
    if let Some(line) = timings.line(&input.folder().display().to_string()) {
        eprintln!("{line}");
    }
    expanded
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

/// Expands `input` with paths resolved against `root` (an absolute folder), recording the time of each
/// phase in `timings`. Pure apart from reading the migrations folder.
pub fn expand_in(input: &Input, root: &Path, timings: &mut Timings) -> syn::Result<String> {
    let dir = root.join(input.folder());
    let loaded = load_folder(&dir, root);
    timings.phase("read and parse");
    timings.revisions = loaded.revisions.len();
    if timings.is_on() {
        // The loader computes the checksums as it parses; hashing again shows their share.
        let clock = std::time::Instant::now();
        for revision in &loaded.revisions {
            std::hint::black_box(migrate_core::checksum(&revision.up_sql));
        }
        timings.add("of which checksums", clock.elapsed());
    }
    let policy = if input.allow_multiple_heads {
        HeadsPolicy::AllowMultiple
    } else {
        HeadsPolicy::Single
    };
    let graph = validate(loaded, policy).map_err(|problems| to_error(&problems, input.span()))?;
    timings.phase("validate");
    let table = table(&graph, root).map_err(|message| syn::Error::new(input.span(), message));
    timings.phase("emit");
    table
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
/// Every revision becomes 28 numbers of one array (`revisions`, in the order `EmbeddedRevision::decode`
/// of migrate-runtime reads them; one pass, linear in the folder's size): rustc parses and type-checks one
/// array of numbers much faster than a struct literal per revision. Its texts are ranges of the table's one
/// string (`strings`, the ids and checksums first), so the table holds no pointer but the files' texts. A
/// text is the file itself, `include_str!`-ed: the SQL reaches the compiler straight from disk rather than
/// as macro tokens, and cargo rebuilds the crate when the file changes. The up and down sections are the
/// byte ranges the parser recorded, and the graph's edges are the node indices the build resolved, so the
/// runtime assembles the graph on first use without reading or validating anything; the topological order
/// the build computed is one more array (`order`), so it is not sorted again, the ids' byte order another
/// (`by_id`), in which an index returns the history's rows, and the heads a third (`heads`). One const
/// item checks every file's length against the ranges (`check_texts`), so a file that changed while the
/// crate was built is a build error rather than a run-time panic. The lists of every revision go into two
/// arrays for the whole table (`names`, `nodes`), which a revision indexes.
///
/// The table is written as source text, which the compiler lexes once (`lib.rs`): building it token by
/// token costs a call into the compiler per token, and parsing it with `proc_macro2` lexes it twice,
/// unoptimised; either was most of the macro's own time for thousands of revisions.
pub fn table(graph: &RevisionGraph, root: &Path) -> Result<String, String> {
    // The ids and checksums go first in the table's strings, where the start-up check reads them.
    let keys: usize = graph
        .revisions()
        .iter()
        .map(|r| r.id.len() + r.checksum.len())
        .sum();
    let mut lists = Lists {
        rest_start: keys,
        ..Lists::default()
    };
    let mut entries = String::new();
    let mut texts = String::new();
    for node in 0..graph.len() as Node {
        revision(graph, node, root, &mut lists, &mut entries, &mut texts)?;
    }
    let Lists {
        keys,
        rest,
        names,
        nodes,
        ..
    } = lists;
    let order = numbers(graph.topological_order().iter().copied());
    let mut by_id: Vec<Node> = (0..graph.len() as Node).collect();
    by_id.sort_unstable_by_key(|&node| &graph.revision(node).id);
    let by_id = numbers(by_id);
    let heads = numbers(graph.heads());
    Ok(format!(
        "{{
            use ::migrate_runtime::__private as __migrate;
            const TABLE: __migrate::EmbeddedTable = __migrate::EmbeddedTable {{
                revisions: &[{entries}],
                texts: &[{texts}],
                strings: {strings:?},
                names: &[{names}],
                nodes: &[{nodes}],
                order: &[{order}],
                by_id: &[{by_id}],
                heads: &[{heads}],
            }};
            const _: () = __migrate::check_texts(&TABLE);
            static GRAPH: __migrate::OnceLock<__migrate::RevisionGraph> = __migrate::OnceLock::new();
            fn graph() -> &'static __migrate::RevisionGraph {{
                GRAPH.get_or_init(|| __migrate::graph_from_embedded(&TABLE))
            }}
            __migrate::EmbeddedMigrations::__new(&TABLE, graph)
        }}",
        strings = keys + &rest,
    ))
}

/// `1, 2, ` (the elements of an array of numbers, as source text).
fn numbers(values: impl IntoIterator<Item = Node>) -> String {
    let mut out = String::new();
    for value in values {
        let _ = write!(out, "{value}, ");
    }
    out
}

/// The table's strings (the ids and checksums, then every other text) and its `names` and `nodes`
/// (source text), which each revision indexes by ranges.
#[derive(Default)]
struct Lists {
    keys: String,
    rest: String,
    /// Where `rest` starts in the strings: the length `keys` will have.
    rest_start: usize,
    names: String,
    name_count: u32,
    nodes: String,
    node_count: u32,
}

impl Lists {
    /// Appends an id or a checksum to the strings; its range.
    fn key(&mut self, text: &str) -> [usize; 2] {
        let start = self.keys.len();
        self.keys.push_str(text);
        [start, self.keys.len()]
    }

    /// Appends another text to the strings; its range.
    fn text(&mut self, text: &str) -> [usize; 2] {
        let start = self.rest_start + self.rest.len();
        self.rest.push_str(text);
        [start, start + text.len()]
    }

    /// Appends `lists` to the names; their start, then the length of each.
    fn names<const N: usize>(&mut self, lists: [&[std::borrow::Cow<'static, str>]; N]) -> [u32; 4] {
        let mut out = [self.name_count, 0, 0, 0];
        for (count, list) in out[1..].iter_mut().zip(lists) {
            for name in list {
                let [start, end] = self.text(name);
                let _ = write!(self.names, "{start}, {end}, ");
            }
            *count = list.len() as u32;
            self.name_count += *count;
        }
        out
    }

    /// Appends `lists` to the nodes; their start, then the length of each.
    fn nodes(&mut self, lists: [&[Node]; 2]) -> [u32; 3] {
        let mut out = [self.node_count, 0, 0];
        for (count, list) in out[1..].iter_mut().zip(lists) {
            for node in list {
                let _ = write!(self.nodes, "{node}, ");
            }
            *count = list.len() as u32;
            self.node_count += *count;
        }
        out
    }
}

/// Writes one revision's numbers (each followed by a comma) to `out` and its text, the file
/// `include_str!`-ed by its absolute path, to `texts`; its strings go to the table's strings (`lists`),
/// which are written with `{:?}`, escaped as a Rust string literal.
fn revision(
    graph: &RevisionGraph,
    node: Node,
    root: &Path,
    lists: &mut Lists,
    out: &mut String,
    texts: &mut String,
) -> Result<(), String> {
    let revision = graph.revision(node);
    let source = &revision.source;
    let file = root.join(&*source.path);
    let Some(file_path) = file.to_str() else {
        return Err(format!(
            "{}: the path of a migration file must be valid UTF-8 to be embedded",
            source.path
        ));
    };
    let names = lists.names([
        &revision.parents,
        &revision.depends_on,
        &revision.branch_labels,
    ]);
    let nodes = lists.nodes([graph.parents(node), graph.dependencies(node)]);
    let (up_start, up_end) = source.up_bytes;
    // A down section, even an empty one, starts after the up marker: (0, 0) cannot be one.
    let (down_start, down_end) = source.down_bytes.unwrap_or((0, 0));
    let lines = [
        source.id_line,
        source.parents_line,
        source.depends_on_line,
        source.labels_line,
        source.up_line,
        source.down_line,
    ];
    let _ = writeln!(texts, "::core::include_str!({file_path:?}),");
    // The order `EmbeddedRevision::decode` reads.
    let [id, checksum] = [lists.key(&revision.id), lists.key(&revision.checksum)];
    let [path, message, create_date] = [
        lists.text(&source.path),
        lists.text(&revision.message),
        lists.text(&revision.create_date),
    ];
    let fields = [id, checksum, path, message, create_date]
        .into_iter()
        .flatten()
        .chain([
            usize::from(revision.transactional),
            up_start,
            up_end,
            down_start,
            down_end,
        ])
        .map(|value| {
            u32::try_from(value).map_err(|_| {
                format!(
                    "{}: a migration file must be smaller than 4 GiB to be embedded",
                    source.path
                )
            })
        })
        .collect::<Result<Vec<u32>, String>>()?;
    for value in fields.iter().chain(&names).chain(&nodes).chain(&lines) {
        let _ = write!(out, "{value}, ");
    }
    out.push('\n');
    Ok(())
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
        expand_in(&input, root, &mut Timings::off())
            .map(|text| text.parse::<TokenStream>().unwrap().to_string())
    }

    /// The table's `strings` literal, unescaped.
    fn strings(out: &str) -> String {
        let start = out.find("strings : ").unwrap() + "strings : ".len();
        let end = start + out[start..].find(" , names :").unwrap();
        syn::parse_str::<syn::LitStr>(&out[start..end])
            .unwrap()
            .value()
    }

    /// The numbers of the table's array `field : & [...]`.
    fn numbers(out: &str, field: &str) -> Vec<usize> {
        let pattern = format!("{field} : & [");
        let start = out.find(&pattern).unwrap() + pattern.len();
        let list = &out[start..start + out[start..].find(']').unwrap()];
        list.split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect()
    }

    /// Where each field of a revision is among its 28 numbers (migrate-runtime's `EmbeddedRevision::decode`).
    const ID: usize = 0;
    const CHECKSUM: usize = 2;
    const PATH: usize = 4;
    const MESSAGE: usize = 6;
    const TRANSACTIONAL: usize = 10;
    const UP: usize = 11;
    const DOWN: usize = 13;
    const NAMES: usize = 15;
    const NODES: usize = 19;
    const LINES: usize = 22;

    /// Every revision's numbers.
    fn revisions(out: &str) -> Vec<Vec<usize>> {
        let numbers = numbers(out, "revisions");
        assert_eq!(numbers.len() % 28, 0, "{out}");
        numbers.chunks(28).map(<[usize]>::to_vec).collect()
    }

    /// The text each revision's range at `field` points at, in order.
    fn texts_of(out: &str, field: usize) -> Vec<String> {
        let strings = strings(out);
        revisions(out)
            .iter()
            .map(|r| strings[r[field]..r[field + 1]].to_owned())
            .collect()
    }

    /// The texts the ranges of `names` point at.
    fn names_of(out: &str) -> Vec<String> {
        let strings = strings(out);
        numbers(out, "names")
            .chunks(2)
            .map(|range| strings[range[0]..range[1]].to_owned())
            .collect()
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
            let include = format!(":: core :: include_str ! ({:?})", path.to_str().unwrap());
            assert!(out.contains(&include), "{include} not in {out}");
        }
        let revisions = revisions(&out);
        assert_eq!(revisions.len(), 2);
        assert_eq!(texts_of(&out, ID), ["a1", "b2"]);
        // The ids and checksums come first in the strings, where the start-up check reads them.
        let checksum = migrate_core::checksum("CREATE TABLE \"t\" (id INT);\n");
        let child_checksum = migrate_core::checksum("SELECT 1;\n");
        assert!(
            strings(&out).starts_with(&format!("a1{checksum}b2{child_checksum}")),
            "{out}"
        );
        // a1's label, then b2's parent; a1 has no edge, b2's parent is node 0.
        assert_eq!(names_of(&out), ["main", "a1"]);
        assert_eq!(revisions[0][NAMES..NAMES + 4], [0, 0, 0, 1]);
        assert_eq!(revisions[1][NAMES..NAMES + 4], [1, 1, 0, 0]);
        assert_eq!(numbers(&out, "nodes"), [0]);
        assert_eq!(revisions[0][NODES..NODES + 3], [0, 0, 0]);
        assert_eq!(revisions[1][NODES..NODES + 3], [0, 1, 0]);
        // The build's topological order, parents first, and the one check of every file's length.
        assert_eq!(numbers(&out, "order"), [0, 1]);
        assert_eq!(numbers(&out, "heads"), [1]);
        assert!(
            out.contains("const _ : () = __migrate :: check_texts (& TABLE) ;"),
            "{out}"
        );
        // The sections are byte ranges of the file, CRLF included; the checksum is computed now.
        let up = "CREATE TABLE \"t\" (id INT);\r\n";
        let start = ROOT.find(up).unwrap();
        assert_eq!(revisions[0][UP..UP + 2], [start, start + up.len()]);
        let down = ROOT.find("DROP TABLE t;\n").unwrap();
        assert_eq!(revisions[0][DOWN..DOWN + 2], [down, ROOT.len()]);
        assert_eq!(texts_of(&out, CHECKSUM), [checksum, child_checksum]);
        assert_eq!(revisions[1][DOWN..DOWN + 2], [0, 0], "no down section");
        assert_eq!(
            [revisions[0][TRANSACTIONAL], revisions[1][TRANSACTIONAL]],
            [1, 0]
        );
        assert_eq!(
            texts_of(&out, PATH),
            ["migrations/a.sql", "migrations/sub/b.sql"]
        );
        assert_eq!(revisions[1][LINES..LINES + 6], [1, 2, 1, 1, 5, 0]);
        assert!(out.contains("__migrate :: EmbeddedMigrations :: __new (& TABLE , graph)"));
    }

    #[test]
    fn ids_in_byte_order_beside_the_path_order() {
        // Files sort x.sql (b2) before y.sql (a1): the table is in path order, `by_id` in id order.
        let child = "-- Revision ID: b2\n-- Revises: a1\n\n-- migrate:up\nSELECT 1;\n";
        let root_file = "-- Revision ID: a1\n\n-- migrate:up\nSELECT 2;\n";
        let root = folder(&[("x.sql", child), ("y.sql", root_file)]);
        let out = expand_at(root.path(), quote!()).unwrap();
        assert_eq!(texts_of(&out, ID), ["b2", "a1"]);
        assert_eq!(numbers(&out, "by_id"), [1, 0]);
        assert_eq!(numbers(&out, "order"), [1, 0]);
        assert_eq!(numbers(&out, "heads"), [0]);
    }

    #[test]
    fn strings_are_escaped_as_rust_literals() {
        let text = "-- Revision ID: a1\n-- Message: say \"hi\" \\ caf\u{e9}\t!\n\n-- migrate:up\nSELECT 1;\n";
        let root = folder(&[("a.sql", text)]);
        let out = expand_at(root.path(), quote!()).unwrap();
        assert_eq!(texts_of(&out, MESSAGE), ["say \"hi\" \\ caf\u{e9}\t!"]);
        assert!(out.contains(r#"say \"hi\" \\ café\t!""#), "{out}");
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
        assert!(fallback.contains("names : & [] ,"), "{fallback}");
        assert_eq!(fallback.matches("compile_error !").count(), 2);
        assert!(fallback.contains("EmbeddedMigrations :: __new (& TABLE , graph)"));
        assert!(fallback.contains("revisions : & [] ,"), "{fallback}");
    }

    #[test]
    fn heads_policy_follows_the_option() {
        let root = folder(&[("a.sql", ROOT), ("b.sql", CHILD), ("c.sql", OTHER)]);
        let error = expand_at(root.path(), quote!()).unwrap_err().to_string();
        assert!(error.contains("b2") && error.contains("c3"), "{error}");
        assert!(error.contains("migrate merge heads"), "{error}");
        let out = expand_at(root.path(), quote!("migrations", allow_multiple_heads)).unwrap();
        assert_eq!(revisions(&out).len(), 3);
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
        assert_eq!(texts_of(&out, PATH), ["../migrations/a.sql"]);
    }
}
