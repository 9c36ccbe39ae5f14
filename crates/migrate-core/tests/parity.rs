//! Issue 9's Alembic-parity rules: the exact order Alembic lists and runs independent branches
//! (ALEMBIC.md section 2's exact lists), branch-scoped downgrades and relative upgrades, effective heads,
//! and inherited branch labels.

use crate::support::*;
use migrate_core::{Edges, Node, RevisionGraph};

/// Alembic's `ITER(upper, base)` top-down, as the reverse of the upgrade migrate plans from `state`.
fn iter_up(g: &RevisionGraph, state: &[&str], target: &str) -> Vec<String> {
    let (mut steps, _) = up(g, state, target);
    steps.reverse();
    steps
}

/// `ITER(targets, ...)` for several targets at once: the top-down order of their unapplied ancestors.
fn iter_many(g: &RevisionGraph, state: &[&str], targets: &[&str]) -> Vec<String> {
    let nodes: Vec<Node> = targets.iter().map(|t| g.node(t).unwrap()).collect();
    let applied = applied(g, state);
    let mut members = g.ancestors(&nodes, Edges::WithDependencies);
    for (n, m) in members.iter_mut().enumerate() {
        *m &= !applied.contains(n as Node);
    }
    ids(g, &g.top_down(&members, &nodes))
}

fn list(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn exact_order_of_independent_branches() {
    // 2.1 #4 and #6
    let g = graph("a:-, b1:a, b2:a, c:b1+b2, d:c");
    assert_eq!(iter_up(&g, &[], "d"), list(&["d", "c", "b1", "b2", "a"]));
    let g = graph("a:-, b1:a, b2:a, c1:b1, d11:c1, d12:c1");
    assert_eq!(
        iter_up(&g, &[], "heads"),
        list(&["b2", "d11", "d12", "c1", "b1", "a"])
    );
    // 2.3 #18 - #21
    let g = graph(
        "a:-, b1:a, b2:a, cb1:b1, cb2:b2, d1cb1:cb1, d2cb1:cb1, d1cb2:cb2, d2cb2:cb2, d3cb2:cb2, d1d2cb2:d1cb2+d2cb2",
    );
    assert_eq!(
        iter_up(&g, &[], "d1d2cb2"),
        list(&["d1d2cb2", "d1cb2", "d2cb2", "cb2", "b2", "a"])
    );
    assert_eq!(
        iter_many(&g, &[], &["d2cb2", "d3cb2"]),
        list(&["d2cb2", "d3cb2", "cb2", "b2", "a"])
    );
    assert_eq!(
        iter_many(&g, &[], &["d3cb2", "cb1"]),
        list(&["cb1", "b1", "d3cb2", "cb2", "b2", "a"])
    );
    // 2.4 #24, #25: lower bound a3 inclusive means a1, a2 applied.
    let g = graph(
        "a1:-, a2:a1, a3:a2, b1:a3, b2:a3, cb1:b1, cb2:b2, db1:cb1, db2:cb2, e1b1:db1, fe1b1:e1b1, e2b1:db1, e2b2:db2, merge:e2b1+e2b2",
    );
    assert_eq!(
        iter_many(&g, &["a1", "a2"], &["merge", "fe1b1"]),
        list(&[
            "fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3"
        ])
    );
    assert_eq!(
        iter_up(&g, &[], "merge"),
        list(&[
            "merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3", "a2", "a1"
        ])
    );
    // 2.5 #32
    let g = graph(
        "base1:-, base2:-, base3:-, a1a:base1, a1b:base1, a2:base2, a3:base3, b1a:a1a, b1b:a1b, b2:a2, b3:a3, c2:b2, d2:c2, mergeb3d2:b3+d2",
    );
    assert_eq!(
        iter_up(&g, &[], "heads"),
        list(&[
            "b1a",
            "a1a",
            "b1b",
            "a1b",
            "base1",
            "mergeb3d2",
            "b3",
            "a3",
            "base3",
            "d2",
            "c2",
            "b2",
            "a2",
            "base2"
        ])
    );
}

#[test]
fn exact_order_with_dependencies_up_and_down() {
    // 2.6 #36: the same list as an upgrade and as a downgrade.
    let g = graph(
        "base1:-{b_1}, a1a:base1, a1b:base1, b1a:a1a, b1b:a1b dep a3, base2:-{b_2}, a2:base2, b2:a2, c2:b2 dep a3, d2:c2, base3:-{b_3}, a3:base3, b3:a3",
    );
    let expected = list(&[
        "b1a", "a1a", "b1b", "a1b", "base1", "d2", "c2", "b2", "a2", "base2", "b3", "a3", "base3",
    ]);
    assert_eq!(iter_up(&g, &[], "heads"), expected);
    let all: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(down(&g, &all, "base").0, expected);
    // 2.6 #41, #44
    let g = graph(
        "base1:-{b_1}, a1:base1, b1:a1, c1:b1, base2:- dep b_1{b_2}, a2:base2, b2:a2, c2:b2, d2:c2, base3:-{b_3}, a3:base3, b3:a3, c3:b3 dep b2, d3:c3",
    );
    assert_eq!(
        iter_up(&g, &[], "heads"),
        list(&[
            "c1", "b1", "a1", "d2", "c2", "d3", "c3", "b3", "a3", "base3", "b2", "a2", "base2",
            "base1"
        ])
    );
    let g = graph("base1:-, a1:base1, b1:a1, c2:- dep a1, c3:c2");
    assert_eq!(
        iter_up(&g, &[], "heads"),
        list(&["b1", "c3", "c2", "a1", "base1"])
    );
    // 2.6 #46: normalised dependencies; downgrades in Alembic's order.
    let g = graph("a1:-, a2:a1, a3:a2, b1:-, b2:b1 dep a3, b3:b2, b4:b3 dep a3, b5:b4 dep b4");
    let b4 = g.node("b4").unwrap();
    let a3 = g.node("a3").unwrap();
    assert_eq!(g.dependencies(b4), [a3]);
    assert!(g.normalized_dependencies(b4).is_empty());
    let all = ["a1", "a2", "a3", "b1", "b2", "b3", "b4", "b5"];
    assert_eq!(
        down(&g, &all, "base").0,
        list(&["b5", "b4", "b3", "b2", "b1", "a3", "a2", "a1"])
    );
    assert_eq!(
        down(&g, &all, "a1").0,
        list(&["b5", "b4", "b3", "b2", "a3", "a2"])
    );
}

/// Issue 9 item 1: `a <- b <- c1{c1branch} <- d1`, `b <- c2{c2branch} <- d2`.
const FORK: &str = "a:-, b:a, c1:b{c1branch}, d1:c1, c2:b{c2branch}, d2:c2";

#[test]
fn a_branch_qualifier_narrows_the_downgrade_to_that_branch() {
    let g = graph(FORK);
    // From c1, d2: `downgrade c1branch@b` runs c1 down only.
    let (steps, after) = down(&g, &["a", "b", "c1", "c2", "d2"], "c1branch@b");
    assert_eq!(steps, ["c1"]);
    assert_eq!(after, ["d2"]);
    // From d1, d2: a revision id as the branch name.
    let (steps, after) = down(&g, &["a", "b", "c1", "d1", "c2", "d2"], "c2@b");
    assert_eq!(steps, ["d2", "c2"]);
    assert_eq!(after, ["d1"]);
    // Without a qualifier both branches above b go, as before.
    let (steps, after) = down(&g, &["a", "b", "c1", "d1", "c2", "d2"], "b");
    assert_eq!(sorted(steps), set(&["c1", "c2", "d1", "d2"]));
    assert_eq!(after, ["b"]);
}

#[test]
fn a_branch_qualifier_starts_a_relative_upgrade_on_that_branch() {
    let g = graph(FORK);
    // From c1: `upgrade c2branch@+1` runs c2.
    let (steps, after) = up(&g, &["a", "b", "c1"], "c2branch@+1");
    assert_eq!(steps, ["c2"]);
    assert_eq!(after, set(&["c1", "c2"]));
    // And one more step on that branch.
    let (steps, _) = up(&g, &["a", "b", "c1", "c2"], "c2branch@+1");
    assert_eq!(steps, ["d2"]);
}

/// Issue 9 item 3: two roots, app's middle revision depends on lib's middle revision.
const LIBAPP: &str = "l1:-{lib}, l2:l1, l3:l2, p1:-{app}, p2:p1 dep l2, p3:p2";

#[test]
fn a_revision_only_depended_on_is_current_and_relative_steps_start_from_the_version_table() {
    let g = graph(LIBAPP);
    let (steps, after) = up(&g, &[], "p2");
    assert_eq!(sorted(steps), set(&["l1", "l2", "p1", "p2"]));
    // `current` lists both, as Alembic's does.
    assert_eq!(after, set(&["l2", "p2"]));
    let state = ["l1", "l2", "p1", "p2"];
    assert_eq!(
        ids(&g, &applied(&g, &state).version_heads(&g)),
        ["p2"],
        "Alembic's version table holds only p2"
    );
    // `upgrade +1` and `downgrade -1` go from p2, as Alembic's do.
    assert_eq!(up(&g, &state, "+1").0, ["p3"]);
    let (steps, after) = down(&g, &state, "-1");
    assert_eq!(steps, ["p2"]);
    assert_eq!(after, set(&["l2", "p1"]));
    // The lib branch steps from its own tip.
    assert_eq!(up(&g, &state, "lib@+1").0, ["l3"]);
}

#[test]
fn an_effective_head_counts_for_head_but_not_for_heads() {
    // Without l3, lib's head l2 is only depended on: `head` is ambiguous, `heads` is p3.
    let g = graph("l1:-{lib}, l2:l1, p1:-{app}, p2:p1 dep l2, p3:p2");
    assert_eq!(sorted(ids(&g, &g.heads())), set(&["l2", "p3"]));
    assert_eq!(ids(&g, &g.real_heads()), ["p3"]);
    assert!(g.is_effective_head(g.node("l2").unwrap()));
    assert!(!g.is_effective_head(g.node("p3").unwrap()));
    let empty = applied(&g, &[]);
    assert_eq!(
        g.plan_upgrade(&empty, "head").unwrap_err().to_string(),
        "multiple heads are present for `head`: l2, p3; name a revision, use `<label>@head` to narrow to one branch, or `heads` for all of them"
    );
    assert_eq!(resolve(&g, "heads").unwrap(), ["p3"]);
    assert_eq!(resolve(&g, "lib@head").unwrap(), ["l2"]);
}

#[test]
fn labels_are_inherited_along_the_lineage() {
    let g =
        graph("a:-, b:a, c1:b{featx}, d1:c1, c2:b{featy}, d2:c2, m:d1+d2, n:m, z:-, y:z, w:y{zl}");
    let labels = |id: &str| g.labels_of(g.node(id).unwrap());
    assert_eq!(labels("d1"), ["featx"]);
    assert_eq!(labels("c1"), ["featx"]);
    // The merge and what follows carry both parents' labels.
    assert_eq!(labels("m"), ["featx", "featy"]);
    assert_eq!(labels("n"), ["featx", "featy"]);
    // Below the labelled revision down to the branch point: b is the branch point and keeps none.
    assert_eq!(labels("b"), Vec::<&str>::new());
    // A single line: the label runs down to the root.
    assert_eq!(labels("y"), ["zl"]);
    assert_eq!(labels("z"), ["zl"]);
}

#[test]
fn relative_counts_beyond_u32_and_zero_steps_are_errors() {
    let g = graph("a:-, b:a, c:b");
    let state = applied(&g, &["a"]);
    assert_eq!(
        g.plan_upgrade(&state, "a+4294967297")
            .unwrap_err()
            .to_string(),
        "invalid target `a+4294967297`: the relative step is too large"
    );
    assert_eq!(
        g.plan_upgrade(&state, "+0").unwrap_err().to_string(),
        "invalid target `+0`: a relative step moves at least one revision (`+1`, `-1`)"
    );
}

#[test]
fn a_downgrade_to_a_revision_applied_only_as_a_dependency_is_refused() {
    let g = graph(LIBAPP);
    // lib's l2 is applied for p2 only; nothing above it on lib's branch is applied.
    let state = ["l1", "l2", "p1", "p2"];
    assert_eq!(
        g.plan_downgrade(&applied(&g, &state), "l2")
            .unwrap_err()
            .to_string(),
        "`l2` is not a valid downgrade target: l2 is applied only because p2 depends on it, and nothing above it on its own branch is applied; downgrade that revision's branch instead"
    );
    // With l3 applied above it, l2 is a valid target again.
    let (steps, _) = down(&g, &["l1", "l2", "l3", "p1", "p2"], "l2");
    assert_eq!(steps, ["l3"]);
    // A stamp to it changes nothing.
    let stamp = g.plan_stamp(&applied(&g, &state), &["l2"], false).unwrap();
    assert!(stamp.added.is_empty() && stamp.removed.is_empty());
}

#[test]
fn stamp_targets_where_one_is_below_another_are_refused_in_either_direction() {
    let g = graph("a:-, b:a, c:b, d:c");
    let at_c = applied(&g, &["a", "b", "c"]);
    assert_eq!(
        g.plan_stamp(&at_c, &["b", "c"], false)
            .unwrap_err()
            .to_string(),
        "requested revision b overlaps with other requested revision c; give only the later one"
    );
    assert_eq!(
        g.plan_stamp(&at_c, &["b", "d"], false)
            .unwrap_err()
            .to_string(),
        "requested revision b overlaps with other requested revision d; give only the later one"
    );
}
