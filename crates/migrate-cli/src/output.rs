//! What the commands print, in Alembic's shapes. Progress goes to stderr as log lines
//! (`INFO  [migrate] Running upgrade a -> b, add users`, as Alembic's `INFO  [alembic.runtime.migration] ...`),
//! so that `--sql` output on stdout stays a clean script; results (`current`, `history`, ...) go to stdout.
//! Colour through anstream: only when stderr is a terminal, never with `NO_COLOR` or `CLICOLOR=0`, always with
//! `CLICOLOR_FORCE`.

use std::io::Write;

use migrate_core::{Node, Revision, RevisionGraph};

/// The runtime's messages name its own options (it is a library); the CLI's user sets them in
/// `migrate.toml`. Each pair: the runtime's words, the CLI's.
const CONFIG_TERMS: [(&str, &str); 6] = [
    (
        "set `Options::on_checksum_mismatch` to `OnMismatch::Warn`",
        "set `on_checksum_mismatch = warn`",
    ),
    (
        "fix `Options::init_sql`",
        "fix `init_sql` in migrate.toml (or `Options::init_sql`)",
    ),
    (
        "or give `Scratch::DevUrl` an empty one",
        "or set `dev_url` to an empty one",
    ),
    (
        "give `Scratch::DevUrl` an empty database the replay may use",
        "set `dev_url` in migrate.toml (or pass `--dev-url`) to an empty database the replay may use",
    ),
    (
        "leave `IntrospectOptions::schema` out",
        "leave out `--schema`",
    ),
    ("(`IntrospectOptions::tables`)", "(`--except-tables`)"),
];

/// `message` with the runtime's option names replaced by the configuration keys that set them.
pub fn in_config_terms(message: &str) -> String {
    CONFIG_TERMS
        .iter()
        .fold(message.to_owned(), |text, (runtime, cli)| {
            text.replace(runtime, cli)
        })
}

/// The printer every command shares.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    quiet: bool,
}

const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const RED_BOLD: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

impl Output {
    /// A printer; `quiet` silences `INFO` lines.
    pub fn new(quiet: bool) -> Self {
        Output { quiet }
    }

    /// Whether `--quiet` silences the `INFO` lines (and the progress bar).
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// A progress line on stderr: `INFO  [migrate] {message}`.
    pub fn info(&self, message: impl AsRef<str>) {
        if !self.quiet {
            self.log("INFO ", GREEN, message.as_ref());
        }
    }

    /// A warning a run tolerated, in the configuration's terms (see [`in_config_terms`]).
    pub fn warning(&self, warning: &migrate_runtime::Warning) {
        self.warn(in_config_terms(&warning.to_string()));
    }

    /// A warning on stderr: `WARN  [migrate] {message}` (shown even with `--quiet`).
    pub fn warn(&self, message: impl AsRef<str>) {
        self.log("WARN ", YELLOW, message.as_ref());
    }

    fn log(&self, level: &str, colour: &str, message: &str) {
        // anstream drops the colour codes where colour is not wanted (see the module docs); a progress bar,
        // if one is drawn, steps aside for the line.
        crate::progress::suspended(|| {
            let mut err = anstream::stderr().lock();
            let _ = writeln!(err, "{colour}{level}{RESET} [migrate] {message}");
        });
    }

    /// A line of a command's result on stdout.
    pub fn line(&self, text: impl AsRef<str>) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", text.as_ref());
    }

    /// Text on stdout as is (offline SQL), ending with a line break.
    pub fn raw(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        if !text.is_empty() && !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        let _ = out.flush();
    }
}

/// The ids joined with `, `, or `<base>` for none: how Alembic's lines show parents and heads.
pub fn or_base<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> String {
    let mut joined = String::new();
    for id in ids {
        if !joined.is_empty() {
            joined.push_str(", ");
        }
        joined.push_str(id.as_ref());
    }
    if joined.is_empty() {
        "<base>".to_owned()
    } else {
        joined
    }
}

/// Prints an error the way `main` reports it: `error: ...` on stderr.
pub fn error(message: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{RED_BOLD}error{RESET}: {}", message.trim_end());
}

/// Formats revisions as Alembic's `Script.cmd_format` and `Script.log_entry` do.
#[derive(Debug)]
pub struct Describe<'g> {
    /// The graph.
    pub graph: &'g RevisionGraph,
    /// The database's current heads, for the `(current)` marker.
    pub current: &'g [Node],
}

/// What to include in a one-line description.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineParts {
    /// `parents -> rev`.
    pub parents: bool,
    /// `(label, ...)`: the labels of the revision's lineage ([`RevisionGraph::labels_of`]).
    pub branches: bool,
    /// `(branchpoint)`, `(mergepoint)`.
    pub tree: bool,
    /// `, message`.
    pub doc: bool,
}

impl Describe<'_> {
    fn parents_text(&self, revision: &Revision) -> String {
        or_base(revision.parents.iter())
    }

    fn is_head(&self, node: Node) -> bool {
        self.graph.children(node).is_empty()
    }

    /// One line: Alembic's `_head_only`.
    pub fn line(&self, node: Node, parts: LineParts) -> String {
        let graph = self.graph;
        let revision = graph.revision(node);
        let mut text = revision.id.to_string();
        if parts.parents {
            text = if revision.depends_on.is_empty() {
                format!("{} -> {text}", self.parents_text(revision))
            } else {
                format!(
                    "{} ({}) -> {text}",
                    self.parents_text(revision),
                    self.dependencies(node).join(", ")
                )
            };
        }
        let labels = graph.labels_of(node);
        if parts.branches && !labels.is_empty() {
            text.push_str(&format!(" ({})", labels.join(", ")));
        }
        if graph.is_effective_head(node) {
            text.push_str(" (effective head)");
        } else if self.is_head(node) {
            text.push_str(" (head)");
        }
        if self.current.contains(&node) {
            text.push_str(" (current)");
        }
        if parts.tree {
            if graph.children(node).len() > 1 {
                text.push_str(" (branchpoint)");
            }
            if revision.is_merge() {
                text.push_str(" (mergepoint)");
            }
        }
        if parts.doc {
            text.push_str(", ");
            text.push_str(&revision.message);
        }
        text
    }

    fn dependencies(&self, node: Node) -> Vec<&str> {
        self.graph
            .dependencies(node)
            .iter()
            .map(|&d| self.graph.id(d))
            .collect()
    }

    /// The verbose entry: Alembic's `log_entry`, ending with a blank line. `Branch names:` lists the labels of
    /// the revision's lineage, as Alembic does.
    pub fn entry(&self, node: Node) -> String {
        let graph = self.graph;
        let revision = graph.revision(node);
        let mut text = format!("Rev: {}", revision.id);
        if self.is_head(node) {
            text.push_str(" (head)");
        }
        let children = graph.sorted(graph.children(node).iter().copied());
        if children.len() > 1 {
            text.push_str(" (branchpoint)");
        }
        if revision.is_merge() {
            text.push_str(" (mergepoint)");
        }
        if self.current.contains(&node) {
            text.push_str(" (current)");
        }
        text.push('\n');
        let label = if revision.is_merge() {
            "Merges"
        } else {
            "Parent"
        };
        text.push_str(&format!("{label}: {}\n", self.parents_text(revision)));
        if !revision.depends_on.is_empty() {
            text.push_str(&format!(
                "Also depends on: {}\n",
                self.dependencies(node).join(", ")
            ));
        }
        if children.len() > 1 {
            let ids: Vec<&str> = children.iter().map(|&c| graph.id(c)).collect();
            text.push_str(&format!("Branches into: {}\n", ids.join(", ")));
        }
        let labels = graph.labels_of(node);
        if !labels.is_empty() {
            text.push_str(&format!("Branch names: {}\n", labels.join(", ")));
        }
        text.push_str(&format!("Path: {}\n\n", revision.source.path));
        let mut doc = Vec::new();
        if !revision.message.is_empty() {
            doc.push(revision.message.to_string());
            doc.push(String::new());
        }
        doc.push(format!("Revision ID: {}", revision.id));
        doc.push(format!("Revises: {}", revision.parents.join(", ")));
        if !revision.create_date.is_empty() {
            doc.push(format!("Create Date: {}", revision.create_date));
        }
        // Every docstring line is indented by four spaces, blank ones too (Alembic's `log_entry`).
        for line in doc {
            text.push_str(&format!("    {line}\n"));
        }
        text
    }
}
