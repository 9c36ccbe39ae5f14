//! The table that `embed_migrations!()` expands to.

use std::borrow::Cow;

use migrate_core::{Node, Revision, RevisionGraph, Source};

/// The migrations folder of an application, validated and embedded at compile time by
/// [`embed_migrations!`](crate::embed_migrations).
///
/// It is `Copy` and const-constructible: use it as `pub const MIGRATIONS: EmbeddedMigrations =
/// embed_migrations!();` or in a `static`. The revision graph is built once, on first use.
#[derive(Clone, Copy)]
pub struct EmbeddedMigrations {
    table: &'static [EmbeddedRevision],
    graph: fn() -> &'static RevisionGraph,
}

impl std::fmt::Debug for EmbeddedMigrations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedMigrations")
            .field("revisions", &self.table.len())
            .finish()
    }
}

/// One revision as `embed_migrations!` writes it: plain `'static` data, so that the table is a constant.
/// `text` is the migration file itself (`include_str!`), so the SQL never passes through the macro as
/// tokens; `up` and `down` are byte ranges of it. Not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct EmbeddedRevision {
    pub text: &'static str,
    pub id: &'static str,
    pub parents: &'static [&'static str],
    pub depends_on: &'static [&'static str],
    pub branch_labels: &'static [&'static str],
    /// The nodes (table indices) of the parents and of the dependencies, as the build resolved them.
    pub parent_nodes: &'static [u32],
    pub dependency_nodes: &'static [u32],
    pub message: &'static str,
    pub create_date: &'static str,
    pub transactional: bool,
    pub up: (usize, usize),
    pub down: Option<(usize, usize)>,
    pub checksum: &'static str,
    pub path: &'static str,
    /// The lines of the id, `Revises`, `Depends On`, `Branch Labels` headers and of the up and down markers.
    pub lines: [u32; 6],
}

impl EmbeddedRevision {
    fn section(&self, (start, end): (usize, usize)) -> &'static str {
        self.text.get(start..end).unwrap_or_else(|| {
            panic!(
                "{} changed while the application was being built: build it again",
                self.path
            )
        })
    }

    /// The revision, borrowing every string from the table.
    pub fn to_revision(&self) -> Revision {
        let list = |values: &'static [&'static str]| {
            Cow::Owned(values.iter().map(|v| Cow::Borrowed(*v)).collect())
        };
        let source = Source::new(Cow::Borrowed(self.path), self.lines, self.up, self.down);
        Revision::new(
            Cow::Borrowed(self.id),
            Cow::Borrowed(self.section(self.up)),
            Cow::Borrowed(self.checksum),
            source,
        )
        .with_parents(list(self.parents))
        .with_depends_on(list(self.depends_on))
        .with_branch_labels(list(self.branch_labels))
        .with_message(Cow::Borrowed(self.message))
        .with_create_date(Cow::Borrowed(self.create_date))
        .with_transactional(self.transactional)
        .with_down_sql(self.down.map(|range| Cow::Borrowed(self.section(range))))
    }
}

impl EmbeddedMigrations {
    #[doc(hidden)]
    pub const fn __new(
        table: &'static [EmbeddedRevision],
        graph: fn() -> &'static RevisionGraph,
    ) -> Self {
        EmbeddedMigrations { table, graph }
    }

    /// Every embedded revision, in the folder's sorted path order (built with the graph, on first use).
    pub fn revisions(&self) -> &'static [Revision] {
        self.graph().revisions()
    }

    /// How many revisions are embedded (without building anything).
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the folder was empty.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The revision graph, as migrate-core builds it (built on first use, then shared).
    pub fn graph(&self) -> &'static RevisionGraph {
        (self.graph)()
    }

    /// The revision with this full id.
    pub fn get(&self, id: &str) -> Option<&'static Revision> {
        self.graph().get(id)
    }

    /// The heads of the graph, in topological order.
    pub fn heads(&self) -> Vec<&'static Revision> {
        let graph = self.graph();
        graph
            .heads()
            .into_iter()
            .map(|n| graph.revision(n))
            .collect()
    }

    /// The bases (roots) of the graph, in topological order.
    pub fn bases(&self) -> Vec<&'static Revision> {
        let graph = self.graph();
        graph
            .bases()
            .into_iter()
            .map(|n| graph.revision(n))
            .collect()
    }

    /// Resolves a target that does not need the database (`head`, `heads`, ids, prefixes, labels, `rev+N`...)
    /// to the revisions it names; `base` gives an empty list.
    pub fn resolve(&self, target: &str) -> Result<Vec<&'static Revision>, migrate_core::PlanError> {
        let graph = self.graph();
        let (nothing_applied, _) = graph.applied_set([]);
        Ok(match graph.resolve(&nothing_applied, target, true)? {
            migrate_core::Resolved::Base { .. } => Vec::new(),
            migrate_core::Resolved::Revisions(nodes) => {
                nodes.into_iter().map(|n: Node| graph.revision(n)).collect()
            }
        })
    }
}

/// Assembles the graph of an embedded table from the edges the build resolved: nothing is validated again
/// (the build did that) and nothing here can fail.
#[doc(hidden)]
pub fn graph_from_embedded(table: &'static [EmbeddedRevision]) -> RevisionGraph {
    RevisionGraph::from_parts(
        table.iter().map(EmbeddedRevision::to_revision).collect(),
        table.iter().map(|r| r.parent_nodes.to_vec()).collect(),
        table.iter().map(|r| r.dependency_nodes.to_vec()).collect(),
    )
}
