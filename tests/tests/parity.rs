//! Parity: the table `embed_migrations!()` embeds from a folder equals, field by field, what migrate-core's
//! run-time loader reads from the same folder with the same root, and both give the same graph: the same
//! edges, topological order (which the table embeds rather than recomputes), ranks and labels. For the
//! repository's folder and for a branched fixture with two bases, a merge, `Depends On` and two heads.

use migrate_runtime::core::{HeadsPolicy, Revision, RevisionGraph, load_folder, validate};
use migrate_runtime::{EmbeddedMigrations, embed_migrations};

const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");
const BRANCHED: EmbeddedMigrations = embed_migrations!("fixtures/branched", allow_multiple_heads);

/// The graph migrate-core's loader and validator build from `folder` (relative to this package).
fn loaded_graph(folder: &str, policy: HeadsPolicy) -> RevisionGraph {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = load_folder(&root.join(folder), root);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert!(!loaded.revisions.is_empty());
    validate(loaded, policy).expect("the folder is valid")
}

fn ids(revisions: Vec<&Revision>) -> Vec<String> {
    revisions.iter().map(|r| r.id.to_string()).collect()
}

/// Every fact of the embedded graph equals the loaded one.
fn assert_same_graph(embedded: &EmbeddedMigrations, graph: &RevisionGraph) {
    assert_eq!(embedded.revisions(), graph.revisions());
    let revisions = |nodes: Vec<u32>| nodes.into_iter().map(|n| graph.revision(n)).collect();
    assert_eq!(ids(embedded.heads()), ids(revisions(graph.heads())));
    assert_eq!(ids(embedded.bases()), ids(revisions(graph.bases())));
    let built = embedded.graph();
    assert_eq!(built.topological_order(), graph.topological_order());
    assert_eq!(built.real_heads(), graph.real_heads());
    for node in 0..graph.len() as u32 {
        assert_eq!(built.rank(node), graph.rank(node));
        assert_eq!(built.parents(node), graph.parents(node));
        assert_eq!(built.dependencies(node), graph.dependencies(node));
        assert_eq!(
            built.normalized_dependencies(node),
            graph.normalized_dependencies(node)
        );
        assert_eq!(built.labels_of(node), graph.labels_of(node));
    }
}

#[test]
fn embedded_table_equals_the_run_time_loader() {
    let graph = loaded_graph("../migrations", HeadsPolicy::Single);
    assert_same_graph(&MIGRATIONS, &graph);
}

#[test]
fn embedded_branched_graph_equals_the_run_time_loader() {
    let graph = loaded_graph("fixtures/branched", HeadsPolicy::AllowMultiple);
    assert_same_graph(&BRANCHED, &graph);
    // The fixture is the shape it claims, so the comparison above covers merges, dependencies and labels:
    // depth first from each head in file order, parents and dependencies first.
    let id = |n: u32| graph.revision(n).id.to_string();
    let order: Vec<String> = graph.topological_order().iter().map(|&n| id(n)).collect();
    assert_eq!(
        order,
        [
            "a1a1a1a1a1a1",
            "c3c3c3c3c3c3",
            "0a0a0a0a0a0a",
            "b2b2b2b2b2b2",
            "e5e5e5e5e5e5",
            "d4d4d4d4d4d4",
            "f6f6f6f6f6f6",
        ]
    );
    // d4 is a head by `Revises` (only f6 depends on it), not a real head.
    assert_eq!(
        ids(BRANCHED.heads()),
        ["0a0a0a0a0a0a", "d4d4d4d4d4d4", "f6f6f6f6f6f6"]
    );
    let real_heads: Vec<String> = graph.real_heads().into_iter().map(id).collect();
    assert_eq!(real_heads, ["0a0a0a0a0a0a", "f6f6f6f6f6f6"]);
    let audit = BRANCHED.get("e5e5e5e5e5e5").expect("embedded");
    assert_eq!(&*audit.depends_on, ["b2b2b2b2b2b2"]);
    assert_eq!(
        BRANCHED
            .get("d4d4d4d4d4d4")
            .expect("embedded")
            .parents
            .len(),
        2
    );
}
