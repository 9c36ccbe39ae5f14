//! The table that `embed_migrations!()` expands to.

use migrate_core::{HeadsPolicy, LoadedFolder, Node, Revision, RevisionGraph, validate};

/// The migrations folder of an application, validated and embedded at compile time by
/// [`embed_migrations!`](crate::embed_migrations).
///
/// It is `Copy` and const-constructible: use it as `pub const MIGRATIONS: EmbeddedMigrations =
/// embed_migrations!();` or in a `static`. The revision graph is built once, on first use.
#[derive(Clone, Copy)]
pub struct EmbeddedMigrations {
    revisions: &'static [Revision],
    graph: fn() -> &'static RevisionGraph,
}

impl std::fmt::Debug for EmbeddedMigrations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedMigrations")
            .field("revisions", &self.revisions.len())
            .finish()
    }
}

impl EmbeddedMigrations {
    #[doc(hidden)]
    pub const fn __new(
        revisions: &'static [Revision],
        graph: fn() -> &'static RevisionGraph,
    ) -> Self {
        EmbeddedMigrations { revisions, graph }
    }

    /// Every embedded revision, in the folder's sorted path order.
    pub fn revisions(&self) -> &'static [Revision] {
        self.revisions
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

/// Builds the graph of an embedded table. The macro validated the same data at compile time, so this cannot
/// fail unless migrate-core and migrate-macros come from different versions.
#[doc(hidden)]
pub fn graph_from_embedded(revisions: &'static [Revision]) -> RevisionGraph {
    let folder = LoadedFolder {
        revisions: revisions.to_vec(),
        ..LoadedFolder::default()
    };
    match validate(folder, HeadsPolicy::AllowMultiple) {
        Ok(graph) => graph,
        Err(problems) => panic!(
            "embedded migrations failed validation at run time (mismatched migrate crates?):\n{problems}"
        ),
    }
}
