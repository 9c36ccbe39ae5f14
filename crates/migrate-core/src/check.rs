//! Checks across files (DESIGN.md section 3): duplicates, references, cycles and heads. They build the
//! [`RevisionGraph`] as they go, and report every problem at once.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::graph::build::{self, Edges};
use crate::graph::ids::{IdMap, id_map};
use crate::graph::labels;
use crate::graph::{Node, RevisionGraph};
use crate::load::{LoadedFolder, load_folder};
use crate::revision::Revision;
use crate::suggest::Suggester;

/// Whether several heads fail validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeadsPolicy {
    /// One head, unless each head lies in the lineage of a different branch label (the build's rule).
    #[default]
    Single,
    /// Any number of heads (`allow_multiple_heads`, and the CLI commands other than `check`).
    AllowMultiple,
}

/// Reads, parses and validates a folder: `Ok` only when nothing at all is wrong.
pub fn load_and_validate(
    dir: &std::path::Path,
    root: &std::path::Path,
    heads: HeadsPolicy,
) -> Result<RevisionGraph, Diagnostics> {
    validate(load_folder(dir, root), heads)
}

/// Validates what [`load_folder`] read: every cross-file rule, plus the heads rule.
pub fn validate(loaded: LoadedFolder, heads: HeadsPolicy) -> Result<RevisionGraph, Diagnostics> {
    let mut problems = loaded.diagnostics;
    let before = problems.len();
    let graph = build_graph(loaded.revisions, &mut problems);
    // A dangling or duplicate reference already explains any extra head it causes: report it alone.
    if let Some(graph) = &graph
        && heads == HeadsPolicy::Single
        && problems.len() == before
    {
        problems.extend(check_heads(graph));
    }
    match graph {
        Some(graph) if problems.is_empty() => Ok(graph),
        _ => Err(Diagnostics::sorted(problems)),
    }
}

fn at(revision: &Revision, line: u32) -> String {
    format!("{}:{line}", revision.source.path)
}

/// Builds the graph, pushing a diagnostic for every duplicate, dangling reference and cycle. Returns `None`
/// when a cycle makes an order impossible; otherwise the graph (dangling edges dropped) so later checks run.
pub fn build_graph(
    mut revisions: Vec<Revision>,
    problems: &mut Vec<Diagnostic>,
) -> Option<RevisionGraph> {
    // Duplicate ids: the first file keeps the id. Revisions stay where they are unless there are duplicates.
    let mut index = id_map(revisions.len());
    let mut duplicates: Vec<usize> = Vec::new();
    for (position, revision) in revisions.iter().enumerate() {
        if let Some(&first) = index.get(revision.id.as_ref()) {
            let first = &revisions[first as usize];
            problems.push(
                Diagnostic::new(
                    revision.source.path.as_ref(),
                    revision.source.id_line,
                    format!(
                        "duplicate revision id `{}`: already defined in {}",
                        revision.id,
                        at(first, first.source.id_line)
                    ),
                )
                .with_help(
                    "give this revision a new id (`migrate revision` generates unique ones)",
                ),
            );
            duplicates.push(position);
            continue;
        }
        index.insert(revision.id.clone(), position as Node);
    }
    if !duplicates.is_empty() {
        remove_positions(&mut revisions, &mut index, &duplicates);
    }

    // Branch labels: unique, and not equal to a revision id.
    let mut labels = id_map(0);
    for (node, revision) in revisions.iter().enumerate() {
        for label in revision.branch_labels.iter() {
            let line = revision.source.labels_line;
            if let Some(&owner) = index.get(label.as_ref()) {
                let owner = &revisions[owner as usize];
                problems.push(
                    Diagnostic::new(
                        revision.source.path.as_ref(),
                        line,
                        format!(
                            "branch label `{label}` is also the id of revision {}",
                            at(owner, owner.source.id_line)
                        ),
                    )
                    .with_help("rename the label"),
                );
            } else if let Some(&owner) = labels.get(label.as_ref()) {
                let owner = &revisions[owner as usize];
                problems.push(
                    Diagnostic::new(
                        revision.source.path.as_ref(),
                        line,
                        format!(
                            "duplicate branch label `{label}`: already used by revision `{}` ({})",
                            owner.id,
                            at(owner, owner.source.labels_line)
                        ),
                    )
                    .with_help("a label names one branch; pick another name"),
                );
            } else {
                labels.insert(label.clone(), node as Node);
            }
        }
    }

    // References: `Revises` names revision ids; `Depends On` names ids or labels.
    let count = revisions.len();
    let mut parents = vec![Vec::new(); count];
    let mut depends = vec![Vec::new(); count];
    // Every id, sorted and indexed for "did you mean" hints: built only when a reference is missing.
    let mut suggester: Option<Suggester<'_>> = None;
    for (node, revision) in revisions.iter().enumerate() {
        let src = &revision.source;
        for parent in revision.parents.iter() {
            match index.get(parent.as_ref()) {
                Some(&p) if p as usize == node => problems.push(
                    Diagnostic::new(src.path.as_ref(), src.parents_line, format!("revision `{parent}` revises itself"))
                        .with_help("set `Revises` to the id of the revision this one follows, or leave it empty for a root"),
                ),
                Some(&p) => parents[node].push(p),
                None => problems.push(missing(revision, src.parents_line, "revises", parent, ids_of(&mut suggester, &revisions))),
            }
        }
        for dependency in revision.depends_on.iter() {
            match index
                .get(dependency.as_ref())
                .or_else(|| labels.get(dependency.as_ref()))
            {
                Some(&d) if d as usize == node => problems.push(
                    Diagnostic::new(
                        src.path.as_ref(),
                        src.depends_on_line,
                        format!("revision `{}` depends on itself", revision.id),
                    )
                    .with_help("remove it from `Depends On`"),
                ),
                Some(&d) => {
                    if !depends[node].contains(&d) {
                        depends[node].push(d);
                    }
                }
                None => problems.push(missing(
                    revision,
                    src.depends_on_line,
                    "depends on",
                    dependency,
                    ids_of(&mut suggester, &revisions),
                )),
            }
        }
    }
    // Cycles: through `Revises` alone first, then through both kinds of edge.
    let revises_cycles = build::strongly_connected(count, |n| parents[n].iter().copied());
    let mut on_cycle = vec![false; count];
    for cycle in &revises_cycles {
        for &n in cycle {
            on_cycle[n as usize] = true;
        }
        problems.push(cycle_diagnostic(&revisions, cycle, "`Revises`"));
    }
    let all_cycles =
        build::strongly_connected(count, |n| parents[n].iter().chain(&depends[n]).copied());
    for cycle in &all_cycles {
        if cycle.iter().all(|n| on_cycle[*n as usize]) {
            continue;
        }
        problems.push(cycle_diagnostic(
            &revisions,
            cycle,
            "`Revises` and `Depends On`",
        ));
    }
    if !all_cycles.is_empty() {
        return None;
    }

    Some(RevisionGraph::assemble(
        revisions,
        index,
        labels,
        Edges::new(parents, depends),
        None,
    ))
}

/// Removes the revisions at `positions` (sorted) and renumbers the nodes in `index` to match.
fn remove_positions(revisions: &mut Vec<Revision>, index: &mut IdMap, positions: &[usize]) {
    let mut position = 0;
    revisions.retain(|_| {
        let keep = positions.binary_search(&position).is_err();
        position += 1;
        keep
    });
    for node in index.values_mut() {
        *node -= positions.partition_point(|&p| p < *node as usize) as Node;
    }
}

/// The index of every id, built on first use.
fn ids_of<'s, 'a>(
    slot: &'s mut Option<Suggester<'a>>,
    revisions: &'a [Revision],
) -> &'s mut Suggester<'a> {
    slot.get_or_insert_with(|| {
        let mut ids: Vec<&str> = revisions.iter().map(|r| r.id.as_ref()).collect();
        ids.sort_unstable();
        Suggester::new(ids)
    })
}

fn missing(
    revision: &Revision,
    line: u32,
    relation: &str,
    name: &str,
    ids: &mut Suggester<'_>,
) -> Diagnostic {
    let what = if relation == "revises" {
        "which does not exist"
    } else {
        "which is neither a revision id nor a branch label"
    };
    let diagnostic = Diagnostic::new(
        revision.source.path.as_ref(),
        line,
        format!("revision `{}` {relation} `{name}`, {what}", revision.id),
    );
    match ids.closest(name) {
        Some(hit) => diagnostic.with_help(format!("did you mean `{hit}`?")),
        None => diagnostic.with_help(
            "check the id against the files in the folder (`migrate history` lists them)",
        ),
    }
}

fn cycle_diagnostic(revisions: &[Revision], cycle: &[Node], through: &str) -> Diagnostic {
    let mut members: Vec<&Revision> = cycle.iter().map(|&n| &revisions[n as usize]).collect();
    members.sort_by(|a, b| a.source.path.cmp(&b.source.path).then(a.id.cmp(&b.id)));
    let first = members[0];
    let names: Vec<String> = members
        .iter()
        .map(|r| format!("`{}` ({})", r.id, at(r, r.source.id_line)))
        .collect();
    Diagnostic::new(
        first.source.path.as_ref(),
        first.source.parents_line,
        format!(
            "cycle through {through} between revisions {}",
            names.join(", ")
        ),
    )
    .with_help("one revision on the cycle must revise a revision outside it, or nothing for a root")
}

/// The build's heads rule: several heads fail unless each lies in the lineage of a different branch label.
pub fn check_heads(graph: &RevisionGraph) -> Option<Diagnostic> {
    let heads = graph.heads();
    if heads.len() <= 1 {
        return None;
    }
    let labels: Vec<Vec<&str>> = heads.iter().map(|&h| graph.labels_of(h)).collect();
    if labels::distinct_labels_cover(&labels) {
        return None;
    }
    let newest = heads
        .iter()
        .map(|&h| graph.revision(h))
        .max_by(|a, b| a.source.path.cmp(&b.source.path))?;
    let names: Vec<String> = heads
        .iter()
        .map(|&h| {
            let r = graph.revision(h);
            let effective = if graph.is_effective_head(h) {
                ", effective head: only depended on"
            } else {
                ""
            };
            format!("`{}` ({}{effective})", r.id, at(r, r.source.id_line))
        })
        .collect();
    Some(
        Diagnostic::new(
            newest.source.path.as_ref(),
            newest.source.id_line,
            format!("{} heads: {}", heads.len(), names.join(", ")),
        )
        .with_help(
            "run `migrate merge heads -m \"merge heads\"` to join them, or give each branch its own `Branch Labels`",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_file;

    #[test]
    fn a_duplicate_is_dropped_and_the_nodes_after_it_renumbered() {
        let revision = |path: &str, text: &str| parse_file(path, text).revision.unwrap();
        let up = "\n-- migrate:up\nSELECT 1;\n";
        let revisions = vec![
            revision("a.sql", &format!("-- Revision ID: a1\n{up}")),
            revision("b.sql", &format!("-- Revision ID: a1\n{up}")),
            revision(
                "c.sql",
                &format!("-- Revision ID: c3\n-- Revises: a1\n{up}"),
            ),
            revision(
                "d.sql",
                &format!("-- Revision ID: d4\n-- Revises: c3\n{up}"),
            ),
        ];
        let mut problems = Vec::new();
        let graph = build_graph(revisions, &mut problems).unwrap();
        assert_eq!(
            problems[0].to_string(),
            "b.sql:1: duplicate revision id `a1`: already defined in a.sql:1\n  help: give this revision a new id (`migrate revision` generates unique ones)"
        );
        let ids: Vec<&str> = (0..graph.len() as Node).map(|n| graph.id(n)).collect();
        assert_eq!(ids, ["a1", "c3", "d4"]);
        for id in ids {
            assert_eq!(graph.id(graph.node(id).unwrap()), id);
        }
        let d4 = graph.node("d4").unwrap();
        assert_eq!(graph.id(graph.parents(d4)[0]), "c3");
        assert_eq!(
            graph.revision(graph.node("a1").unwrap()).source.path,
            "a.sql"
        );
    }
}
