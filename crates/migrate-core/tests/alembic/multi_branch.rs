//! 2.3 Iteration over several branches of one root.

use super::MULTI;
use crate::support::*;

#[test]
fn s18_merge_target_from_the_root() {
    let g = graph(MULTI);
    let (steps, after) = up(&g, &[], "d1d2cb2");
    assert_eq!(
        sorted(steps),
        set(&["d1d2cb2", "d1cb2", "d2cb2", "cb2", "b2", "a"])
    );
    assert_eq!(after, ["d1d2cb2"]);
}

#[test]
fn s19_two_targets_on_one_branch() {
    let g = graph(MULTI);
    let (first, _) = up(&g, &[], "d2cb2");
    let state: Vec<&str> = first.iter().map(String::as_str).collect();
    let (second, after) = up(&g, &state, "d3cb2");
    assert_eq!(
        sorted([first, second].concat()),
        set(&["d2cb2", "d3cb2", "cb2", "b2", "a"])
    );
    assert_eq!(after, set(&["d2cb2", "d3cb2"]));
    // ITER(d3cb2, a) and ITER(d3cb2, base) are the same walk.
    assert_eq!(
        sorted(up(&g, &[], "d3cb2").0),
        set(&["d3cb2", "cb2", "b2", "a"])
    );
}

#[test]
fn s20_targets_on_two_branches() {
    let g = graph(MULTI);
    let (first, _) = up(&g, &[], "d3cb2");
    let state: Vec<&str> = first.iter().map(String::as_str).collect();
    let (second, after) = up(&g, &state, "cb1");
    assert_eq!(
        sorted([first, second].concat()),
        set(&["cb1", "b1", "d3cb2", "cb2", "b2", "a"])
    );
    assert_eq!(after, set(&["cb1", "d3cb2"]));
}

#[test]
fn s21_upgrade_always_runs_every_missing_ancestor() {
    // Alembic's non-implicit ITER([d1cb1, d2cb2, d3cb2], b2) silently drops d1cb1 (not above b2). `upgrade`
    // in Alembic passes implicit_base=True, and so does migrate: asking for d1cb1 runs its missing ancestors.
    let g = graph(MULTI);
    assert_eq!(up(&g, &["a"], "d1cb1").0, ["b1", "cb1", "d1cb1"]);
    assert_eq!(
        sorted(up(&g, &["a"], "d2cb2").0),
        set(&["b2", "cb2", "d2cb2"])
    );
}

#[test]
fn s22_direction_errors() {
    let g = graph(MULTI);
    // ITER(b1, d1cb1): d1cb1 is above b1, so it is no downgrade target from b1.
    let error = g
        .plan_downgrade(&applied(&g, &["a", "b1"]), "d1cb1")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "`d1cb1` is not a valid downgrade target from current heads (b1): it is not applied"
    );
    // ITER(d2cb2, b1): b1 is on another branch.
    let error = g
        .plan_downgrade(&applied(&g, &["a", "b2", "cb2", "d2cb2"]), "b1")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "`b1` is not a valid downgrade target from current heads (d2cb2): it is not applied"
    );
    // ITER((), d1cb1): nothing is applied.
    let error = g.plan_downgrade(&applied(&g, &[]), "d1cb1").unwrap_err();
    assert_eq!(
        error.to_string(),
        "`d1cb1` is not a valid downgrade target from current heads (base): it is not applied"
    );
    // Upgrading to something already applied is a silent no-op.
    assert!(up(&g, &["a", "b1", "cb1", "d1cb1"], "b1").0.is_empty());
}
