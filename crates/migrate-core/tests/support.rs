//! Graphs written in ALEMBIC.md's notation: `a:-` is a root, `b:a` revises a, `c:a+b` merges, `dep x` and
//! `dep x+y` add `Depends On`, `{L}` adds a branch label. Entries are separated by `, `; insertion order is
//! the file order.

use migrate_core::{
    AppliedSet, Diagnostics, HeadsPolicy, LoadedFolder, Node, RevisionGraph, parse_file, validate,
};

/// The text of a migration file for one entry of the notation.
pub fn file_text(entry: &str) -> (String, String) {
    let mut label = None;
    let mut entry = entry.trim().to_owned();
    if let Some(start) = entry.find('{') {
        label = Some(entry[start + 1..entry.len() - 1].to_owned());
        entry.truncate(start);
    }
    let (head, deps) = match entry.split_once(" dep ") {
        Some((h, d)) => (h.trim().to_owned(), Some(d.trim().replace('+', ", "))),
        None => (entry.trim().to_owned(), None),
    };
    let (id, parents) = head.split_once(':').expect("id:parents");
    let parents = if parents == "-" {
        String::new()
    } else {
        parents.replace('+', ", ")
    };
    let mut text =
        format!("-- Revision ID: {id}\n-- Revises: {parents}\n-- Message: create {id}\n");
    if let Some(deps) = deps {
        text += &format!("-- Depends On: {deps}\n");
    }
    if let Some(label) = label {
        text += &format!("-- Branch Labels: {label}\n");
    }
    text += &format!(
        "\n-- migrate:up\nCREATE TABLE t_{id} (id INTEGER);\n\n-- migrate:down\nDROP TABLE t_{id};\n"
    );
    (id.to_owned(), text)
}

/// Parses the notation into revisions, in order, with files named `NNNN_<id>.sql`.
pub fn folder(notation: &str) -> LoadedFolder {
    let mut loaded = LoadedFolder::default();
    for (index, entry) in notation.split(", ").enumerate() {
        let (id, text) = file_text(entry);
        let parsed = parse_file(&format!("migrations/{index:04}_{id}.sql"), &text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        loaded.revisions.push(parsed.revision.unwrap());
    }
    loaded
}

/// Builds a graph from the notation (any number of heads).
pub fn graph(notation: &str) -> RevisionGraph {
    validate(folder(notation), HeadsPolicy::AllowMultiple).unwrap_or_else(|e| panic!("{e}"))
}

/// Validation errors of a graph in the notation, one string per diagnostic.
pub fn errors(notation: &str, policy: HeadsPolicy) -> Vec<String> {
    match validate(folder(notation), policy) {
        Ok(_) => Vec::new(),
        Err(Diagnostics(list)) => list.iter().map(ToString::to_string).collect(),
    }
}

pub fn ids(graph: &RevisionGraph, nodes: &[Node]) -> Vec<String> {
    nodes.iter().map(|&n| graph.id(n).to_owned()).collect()
}

pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

pub fn set(items: &[&str]) -> Vec<String> {
    sorted(items.iter().map(|s| s.to_string()).collect())
}

pub fn applied(graph: &RevisionGraph, ids: &[&str]) -> AppliedSet {
    let (set, unknown) = graph.applied_set(ids.iter().copied());
    assert!(unknown.is_empty(), "unknown ids {unknown:?}");
    set
}

/// Checks the partial order of an upgrade: every parent and dependency runs before its child (or was applied).
pub fn assert_upgrade_order(graph: &RevisionGraph, before: &[String], steps: &[String]) {
    let mut done: Vec<String> = before.to_vec();
    for step in steps {
        let node = graph.node(step).unwrap();
        for &p in graph.parents(node).iter().chain(graph.dependencies(node)) {
            assert!(
                done.iter().any(|d| d == graph.id(p)),
                "{step} ran before its parent {}",
                graph.id(p)
            );
        }
        assert!(!done.contains(step), "{step} ran twice");
        done.push(step.clone());
    }
}

/// Checks the partial order of a downgrade: nothing is removed while an applied child or dependent remains.
pub fn assert_downgrade_order(graph: &RevisionGraph, before: &[String], steps: &[String]) {
    let mut present: Vec<String> = before.to_vec();
    for step in steps {
        let node = graph.node(step).unwrap();
        for &c in graph.children(node).iter().chain(graph.dependents(node)) {
            assert!(
                !present.iter().any(|p| p == graph.id(c)),
                "{step} removed before its child {}",
                graph.id(c)
            );
        }
        let position = present
            .iter()
            .position(|p| p == step)
            .expect("removed something not applied");
        present.remove(position);
    }
}

/// Upgrades from `state` to `target`: (steps, heads after), order checked.
pub fn up(graph: &RevisionGraph, state: &[&str], target: &str) -> (Vec<String>, Vec<String>) {
    let plan = graph
        .plan_upgrade(&applied(graph, state), target)
        .unwrap_or_else(|e| panic!("{e}"));
    let steps = ids(graph, &plan.steps);
    let before: Vec<String> = state.iter().map(|s| s.to_string()).collect();
    assert_upgrade_order(graph, &before, &steps);
    (steps, sorted(ids(graph, &plan.heads_after)))
}

/// Downgrades from `state` to `target`: (steps, heads after), order checked.
pub fn down(graph: &RevisionGraph, state: &[&str], target: &str) -> (Vec<String>, Vec<String>) {
    let plan = graph
        .plan_downgrade(&applied(graph, state), target)
        .unwrap_or_else(|e| panic!("{e}"));
    let steps = ids(graph, &plan.steps);
    let before: Vec<String> = state.iter().map(|s| s.to_string()).collect();
    assert_downgrade_order(graph, &before, &steps);
    (steps, sorted(ids(graph, &plan.heads_after)))
}

/// Resolves a target from an empty database to ids (`base` gives an empty list).
pub fn resolve(graph: &RevisionGraph, target: &str) -> Result<Vec<String>, String> {
    let nothing = applied(graph, &[]);
    match graph.resolve(&nothing, target, true) {
        Ok(migrate_core::Resolved::Base { .. }) => Ok(Vec::new()),
        Ok(migrate_core::Resolved::Revisions(nodes)) => Ok(ids(graph, &nodes)),
        Err(e) => Err(e.to_string()),
    }
}
