//! Parity: the table `embed_migrations!()` embeds from a folder equals, field by field, what migrate-core's
//! run-time loader reads from the same folder with the same root, and both give the same graph.

use migrate_runtime::core::{HeadsPolicy, load_folder, validate};
use migrate_runtime::{EmbeddedMigrations, embed_migrations};

const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

#[test]
fn embedded_table_equals_the_run_time_loader() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = load_folder(&root.join("../migrations"), root);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert!(!loaded.revisions.is_empty());
    assert_eq!(MIGRATIONS.revisions(), loaded.revisions.as_slice());

    let graph = validate(loaded, HeadsPolicy::Single).expect("the repository's folder is valid");
    let ids = |revisions: Vec<&migrate_runtime::core::Revision>| -> Vec<String> {
        revisions.iter().map(|r| r.id.to_string()).collect()
    };
    let heads = graph
        .heads()
        .into_iter()
        .map(|n| graph.revision(n))
        .collect();
    assert_eq!(ids(MIGRATIONS.heads()), ids(heads));
    let bases = graph
        .bases()
        .into_iter()
        .map(|n| graph.revision(n))
        .collect();
    assert_eq!(ids(MIGRATIONS.bases()), ids(bases));
    assert_eq!(MIGRATIONS.graph().revisions(), graph.revisions());
    // The graph assembled from the embedded edges is the validated one: same edges, order and labels.
    let embedded = MIGRATIONS.graph();
    assert_eq!(embedded.topological_order(), graph.topological_order());
    for node in 0..graph.len() as u32 {
        assert_eq!(embedded.parents(node), graph.parents(node));
        assert_eq!(embedded.dependencies(node), graph.dependencies(node));
        assert_eq!(
            embedded.normalized_dependencies(node),
            graph.normalized_dependencies(node)
        );
        assert_eq!(embedded.labels_of(node), graph.labels_of(node));
    }
}
