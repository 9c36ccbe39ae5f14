//! The table that `embed_migrations!()` expands to.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use migrate_core::{__IdHasher as IdHasher, Node, Revision, RevisionGraph, Source};

use crate::rows::Glance;

/// The migrations folder of an application, validated and embedded at compile time by
/// [`embed_migrations!`](crate::embed_migrations).
///
/// It is `Copy` and const-constructible: use it as `pub const MIGRATIONS: EmbeddedMigrations =
/// embed_migrations!();` or in a `static`. The revision graph is built once, on first use.
#[derive(Clone, Copy)]
pub struct EmbeddedMigrations {
    table: &'static EmbeddedTable,
    graph: fn() -> &'static RevisionGraph,
}

impl std::fmt::Debug for EmbeddedMigrations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedMigrations")
            .field("revisions", &self.table.len())
            .finish()
    }
}

/// What `embed_migrations!` writes: plain `'static` data, so that it is a constant. Not a public API.
///
/// Every revision is [`FIELDS`] integers of `revisions` (see [`EmbeddedRevision::decode`] for their
/// order), one array of numbers for the whole table: rustc parses, hashes and type-checks it much faster
/// than a struct literal per revision (about 20 ms less for 1,000 revisions in a debug build). Every text a
/// revision has (id, checksum, path, message, date, the names in its lists) is a byte range of one string,
/// `strings`, which holds the ids and checksums of all revisions first: the table holds no pointer but the
/// files' texts, so the loader relocates almost nothing when the application starts, and the start-up check
/// reads one compact run of memory. The lists (`Revises`, `Depends On`, labels, resolved edges) are ranges
/// of `names` and `nodes`, shared by the whole table.
#[doc(hidden)]
#[derive(Debug)]
pub struct EmbeddedTable {
    /// [`FIELDS`] numbers per revision.
    pub revisions: &'static [u32],
    /// Each revision's file (`include_str!`), so the SQL never passes through the macro as tokens.
    pub texts: &'static [&'static str],
    pub strings: &'static str,
    /// Byte ranges of `strings`, two numbers each.
    pub names: &'static [u32],
    /// Table indices.
    pub nodes: &'static [u32],
    /// The topological order the build computed.
    pub order: &'static [u32],
    /// The table indices in the (byte) order of the revisions' ids.
    pub by_id: &'static [u32],
    /// The heads (revisions no other revises), in topological order.
    pub heads: &'static [u32],
}

/// How many numbers of [`EmbeddedTable::revisions`] one revision takes.
pub(crate) const FIELDS: usize = 28;

/// One revision of an [`EmbeddedTable`], decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EmbeddedRevision {
    /// Byte ranges (start, end) of the table's `strings`.
    pub id: [u32; 2],
    pub checksum: [u32; 2],
    pub path: [u32; 2],
    pub message: [u32; 2],
    pub create_date: [u32; 2],
    pub transactional: bool,
    /// Byte ranges of its text.
    pub up: (usize, usize),
    /// `(0, 0)` when the file has no down section (one, even empty, starts after the up marker).
    pub down: (usize, usize),
    /// Where the revision's names start in the table's names, then how many are its parents, its
    /// `Depends On` ids and its branch labels, in that order.
    pub names: [u32; 4],
    /// Where its nodes (table indices) start in the table's nodes, then how many are its parents' and its
    /// dependencies', as the build resolved them.
    pub nodes: [u32; 3],
    /// The lines of the id, `Revises`, `Depends On`, `Branch Labels` headers and of the up and down markers.
    pub lines: [u32; 6],
}

impl EmbeddedTable {
    /// How many revisions the table holds.
    pub(crate) const fn len(&self) -> usize {
        self.revisions.len() / FIELDS
    }

    /// Every revision, decoded, in table order.
    fn iter(&self) -> impl Iterator<Item = EmbeddedRevision> + '_ {
        self.revisions
            .chunks_exact(FIELDS)
            .map(EmbeddedRevision::decode)
    }

    /// The id and checksum of revision `index` (its first four numbers), without decoding the rest: the
    /// start-up check reads only these.
    fn key(&'static self, index: usize) -> (&'static str, &'static str) {
        let fields = &self.revisions[index * FIELDS..index * FIELDS + 4];
        (
            self.string([fields[0], fields[1]]),
            self.string([fields[2], fields[3]]),
        )
    }

    /// Revision `index`, decoded.
    pub(crate) const fn revision_at(&self, index: usize) -> EmbeddedRevision {
        let (_, fields) = self.revisions.split_at(index * FIELDS);
        EmbeddedRevision::decode(fields)
    }
}

impl EmbeddedRevision {
    /// Reads the first [`FIELDS`] numbers of `fields`, in the order `embed_migrations!` writes them: id,
    /// checksum, path, message, create date (two each), transactional (0 or 1), up, down (two each), names
    /// (four), nodes (three), lines (six).
    pub(crate) const fn decode(fields: &[u32]) -> EmbeddedRevision {
        EmbeddedRevision {
            id: [fields[0], fields[1]],
            checksum: [fields[2], fields[3]],
            path: [fields[4], fields[5]],
            message: [fields[6], fields[7]],
            create_date: [fields[8], fields[9]],
            transactional: fields[10] != 0,
            up: (fields[11] as usize, fields[12] as usize),
            down: (fields[13] as usize, fields[14] as usize),
            names: [fields[15], fields[16], fields[17], fields[18]],
            nodes: [fields[19], fields[20], fields[21]],
            lines: [
                fields[22], fields[23], fields[24], fields[25], fields[26], fields[27],
            ],
        }
    }

    /// The numbers [`decode`](Self::decode) reads (for tables written by hand in tests).
    #[cfg(test)]
    pub(crate) fn encode(&self) -> [u32; FIELDS] {
        let scalars = [
            u32::from(self.transactional),
            self.up.0 as u32,
            self.up.1 as u32,
            self.down.0 as u32,
            self.down.1 as u32,
        ];
        let fields: Vec<u32> = [
            &self.id[..],
            &self.checksum,
            &self.path,
            &self.message,
            &self.create_date,
            &scalars,
            &self.names,
            &self.nodes,
            &self.lines,
        ]
        .concat();
        fields.try_into().expect("FIELDS numbers")
    }

    /// The down section's byte range, if the file has one.
    fn down_range(&self) -> Option<(usize, usize)> {
        (self.down != (0, 0)).then_some(self.down)
    }

    /// The nodes of its parents and of its dependencies, in the table's `nodes`.
    fn edges(&self, nodes: &'static [u32]) -> (&'static [u32], &'static [u32]) {
        let [start, parents, dependencies] = self.nodes;
        (
            run(nodes, start, parents),
            run(nodes, start + parents, dependencies),
        )
    }
}

/// `count` items of `all` from `start` (an index the build wrote).
fn run<T>(all: &'static [T], start: u32, count: u32) -> &'static [T] {
    &all[start as usize..(start + count) as usize]
}

impl EmbeddedTable {
    /// A text of the table (a range the build wrote).
    fn string(&'static self, [start, end]: [u32; 2]) -> &'static str {
        &self.strings[start as usize..end as usize]
    }

    /// The revision at `index`, borrowing every string from the table.
    fn revision(&'static self, index: usize) -> Revision {
        let embedded = self.revision_at(index);
        let text = self.texts[index];
        // The table's const check ([`check_texts`](crate::embedded_text::check_texts)) proved at build time
        // that the text is the one the ranges were read from, so slicing it cannot fail.
        let section = |(start, end): (usize, usize)| Cow::Borrowed(&text[start..end]);
        let [start, parents, depends_on, labels] = embedded.names;
        let list = |start: u32, count: u32| {
            Cow::Owned(
                run(self.names, 2 * start, 2 * count)
                    .chunks_exact(2)
                    .map(|range| Cow::Borrowed(self.string([range[0], range[1]])))
                    .collect(),
            )
        };
        let source = Source::new(
            Cow::Borrowed(self.string(embedded.path)),
            embedded.lines,
            embedded.up,
            embedded.down_range(),
        );
        Revision::new(
            Cow::Borrowed(self.string(embedded.id)),
            section(embedded.up),
            Cow::Borrowed(self.string(embedded.checksum)),
            source,
        )
        .with_parents(list(start, parents))
        .with_depends_on(list(start + parents, depends_on))
        .with_branch_labels(list(start + parents + depends_on, labels))
        .with_message(Cow::Borrowed(self.string(embedded.message)))
        .with_create_date(Cow::Borrowed(self.string(embedded.create_date)))
        .with_transactional(embedded.transactional)
        .with_down_sql(embedded.down_range().map(section))
    }
}

impl EmbeddedMigrations {
    #[doc(hidden)]
    pub const fn __new(
        table: &'static EmbeddedTable,
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
        self.table.len() == 0
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

impl EmbeddedMigrations {
    /// The id of the table's one head, when the history (`glance`, none `running`) records every
    /// embedded revision with its checksum and nothing else, and `target` is `head` or `heads`: then an
    /// upgrade has nothing to do, which this says from the table alone, without building the graph (the
    /// start-up check of an application that is up to date). `None` says only: build the graph and plan.
    pub(crate) fn everything_applied(
        &self,
        glance: &Glance<'_>,
        target: &str,
    ) -> Option<&'static str> {
        let table = self.table;
        if !matches!(target, "head" | "heads") || glance.count != table.len() {
            return None;
        }
        // With one head, nothing depends on it either, so it is also the one head of a history that has
        // everything.
        let &[head] = table.heads else {
            return None;
        };
        let head = table.key(head as usize).0;
        let recorded_as = |index: u32, revision: &str, checksum: &str| {
            table.key(index as usize) == (revision, checksum)
        };
        // The rows in the order of the ids (an index's) or in the build's topological order (the order a
        // linear history was applied in, a table scan's): one comparison per row, nothing to build.
        for order in [table.by_id, table.order] {
            let mut next = order.iter();
            if glance.each_row(|revision, checksum| {
                next.next()
                    .is_some_and(|&index| recorded_as(index, revision, checksum))
            }) {
                return Some(head);
            }
        }
        let mut recorded: HashMap<&str, &str, BuildHasherDefault<IdHasher>> =
            HashMap::with_capacity_and_hasher(glance.count, BuildHasherDefault::default());
        let distinct =
            glance.each_row(|revision, checksum| recorded.insert(revision, checksum).is_none());
        // As many distinct rows as revisions, and every revision among them: the rows are the revisions.
        (distinct
            && (0..table.len()).all(|index| {
                let (revision, checksum) = table.key(index);
                recorded.get(revision) == Some(&checksum)
            }))
        .then_some(head)
    }
}

/// Assembles the graph of an embedded table from the edges and the topological order the build resolved:
/// nothing is validated or sorted again (the build did that) and nothing here can fail.
#[doc(hidden)]
pub fn graph_from_embedded(table: &'static EmbeddedTable) -> RevisionGraph {
    RevisionGraph::from_parts_in_order(
        (0..table.len()).map(|i| table.revision(i)).collect(),
        table
            .iter()
            .map(|r| r.edges(table.nodes).0.to_vec())
            .collect(),
        table
            .iter()
            .map(|r| r.edges(table.nodes).1.to_vec())
            .collect(),
        table.order.to_vec(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain c3 <- a1 <- b2 (in path order: a1, b2, c3; applied c3, a1, b2), checksums x1, x2, x3.
    fn chain() -> EmbeddedMigrations {
        let revision = |id: [u32; 2], checksum: [u32; 2], nodes: [u32; 3]| EmbeddedRevision {
            id,
            checksum,
            path: [0, 0],
            message: [0, 0],
            create_date: [0, 0],
            transactional: true,
            up: (0, 0),
            down: (0, 0),
            names: [0; 4],
            nodes,
            lines: [0; 6],
        };
        let revisions = [
            revision([0, 2], [2, 4], [0, 1, 0]),
            revision([4, 6], [6, 8], [1, 1, 0]),
            revision([8, 10], [10, 12], [2, 0, 0]),
        ];
        for (index, revision) in revisions.iter().enumerate() {
            assert_eq!(
                EmbeddedRevision::decode(&revision.encode()),
                *revision,
                "{index}"
            );
        }
        let table = Box::leak(Box::new(EmbeddedTable {
            revisions: Vec::leak(revisions.iter().flat_map(|r| r.encode()).collect()),
            texts: &["", "", ""],
            strings: "a1x1b2x2c3x3",
            names: &[],
            // a1 revises c3 (node 2), b2 revises a1 (node 0).
            nodes: &[2, 0],
            order: &[2, 0, 1],
            by_id: &[0, 1, 2],
            heads: &[1],
        }));
        fn graph() -> &'static RevisionGraph {
            unreachable!("the check of an up-to-date history does not build the graph")
        }
        EmbeddedMigrations::__new(table, graph)
    }

    fn applied(text: &str, target: &str) -> Option<&'static str> {
        chain().everything_applied(&Glance::parse(text).unwrap(), target)
    }

    #[test]
    fn every_revision_with_its_checksum_in_any_order() {
        for text in [
            "3;0;a1,b2,c3;x1,x2,x3",
            "3;0;c3,a1,b2;x3,x1,x2",
            "3;0;b2,c3,a1;x2,x3,x1",
        ] {
            assert_eq!(applied(text, "head"), Some("b2"), "{text}");
            assert_eq!(applied(text, "heads"), Some("b2"), "{text}");
        }
    }

    #[test]
    fn anything_else_is_for_the_planner() {
        for text in [
            // A changed file, in each order.
            "3;0;a1,b2,c3;x1,x2,changed",
            "3;0;c3,a1,b2;x3,changed,x2",
            "3;0;b2,c3,a1;x2,x3,changed",
            // Missing, unknown, duplicated rows; a count that does not match.
            "2;0;a1,b2;x1,x2",
            "3;0;a1,b2,z9;x1,x2,x3",
            "4;0;a1,b2,c3,z9;x1,x2,x3,x9",
            "3;0;a1,a1,c3;x1,x1,x3",
            "4;0;a1,b2,c3;x1,x2,x3",
            // Cut short.
            "3;0;a1,b2,c3;x1,x2",
        ] {
            assert_eq!(applied(text, "head"), None, "{text}");
        }
        // Other targets go to the planner even when everything is applied.
        for target in ["b2", "+0", "c3@head", "head-0"] {
            assert_eq!(applied("3;0;a1,b2,c3;x1,x2,x3", target), None, "{target}");
        }
    }
}
