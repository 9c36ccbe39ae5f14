//! 2.4 Depth-first travel with stop points: merges pull in their other side; overlapping requests.

use crate::support::*;

const TRAVEL: &str = "a1:-, a2:a1, a3:a2, b1:a3, b2:a3, cb1:b1, cb2:b2, db1:cb1, db2:cb2, e1b1:db1, fe1b1:e1b1, e2b1:db1, e2b2:db2, merge:e2b1+e2b2";

#[test]
fn s23_merge_pulls_in_its_other_side() {
    let g = graph(TRAVEL);
    let (steps, after) = up(&g, &["a1", "a2", "a3", "b1", "cb1"], "merge");
    assert_eq!(
        sorted(steps),
        set(&["merge", "e2b1", "db1", "e2b2", "db2", "cb2", "b2"])
    );
    assert_eq!(after, ["merge"]);
}

#[test]
fn s24_two_targets_above_a3() {
    let g = graph(TRAVEL);
    let (steps, after) = up(&g, &["a1", "a2"], "heads");
    let expected = [
        "fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3",
    ];
    assert_eq!(sorted(steps), set(&expected));
    assert_eq!(after, set(&["fe1b1", "merge"]));
}

#[test]
fn s25_merge_from_the_root() {
    let g = graph(TRAVEL);
    let (steps, _) = up(&g, &[], "merge");
    assert_eq!(steps.len(), 12);
    assert!(!steps.contains(&"e1b1".to_owned()) && !steps.contains(&"fe1b1".to_owned()));
    assert_eq!(&steps[..3], ["a1", "a2", "a3"]);
    // With a2 as the lower bound (a1 applied) the list ends at a3, a2.
    assert_eq!(&up(&g, &["a1"], "merge").0[..2], ["a2", "a3"]);
}

#[test]
fn s26_lower_bound_on_one_side_still_runs_the_other() {
    // Alembic's non-implicit ITER(merge, b1) lists only b1's side; a real upgrade must also run b2's side,
    // because the merge cannot run without it (Alembic's own `upgrade` does the same through implicit_base).
    let g = graph(TRAVEL);
    let (steps, _) = up(&g, &["a1", "a2", "a3"], "merge");
    for id in [
        "merge", "e2b1", "db1", "cb1", "b1", "b2", "cb2", "db2", "e2b2",
    ] {
        assert!(steps.contains(&id.to_owned()), "{id}");
    }
}

#[test]
fn s27_everything_from_the_root() {
    let g = graph(TRAVEL);
    let (steps, after) = up(&g, &[], "heads");
    assert_eq!(steps.len(), 14);
    assert_eq!(after, set(&["fe1b1", "merge"]));
}

#[test]
fn s28_two_lower_bounds() {
    let g = graph(TRAVEL);
    let (steps, _) = up(&g, &["a1", "a2", "a3", "b1", "b2"], "heads");
    assert_eq!(
        sorted(steps),
        set(&[
            "fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "e2b2", "db2", "cb2"
        ])
    );
    // excl: cb1 and cb2 applied as well.
    let (steps, _) = up(&g, &["a1", "a2", "a3", "b1", "b2", "cb1", "cb2"], "heads");
    assert_eq!(
        sorted(steps),
        set(&["fe1b1", "e1b1", "merge", "e2b1", "db1", "e2b2", "db2"])
    );
}

#[test]
fn s29_overlapping_requests_are_refused() {
    let g = graph(TRAVEL);
    let error = g
        .plan_stamp(&applied(&g, &[]), &["db1", "b2", "fe1b1"], false)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "requested revision db1 overlaps with other requested revision fe1b1; give only the later one"
    );
}

#[test]
fn s30_independent_requests_are_fine() {
    let g = graph(TRAVEL);
    let stamp = g
        .plan_stamp(&applied(&g, &[]), &["e2b1", "b2", "fe1b1"], false)
        .unwrap();
    assert_eq!(
        sorted(ids(&g, &stamp.heads_after)),
        set(&["b2", "e2b1", "fe1b1"])
    );
    assert_eq!(
        sorted(ids(&g, &stamp.added)),
        set(&[
            "b2", "fe1b1", "e1b1", "e2b1", "db1", "cb1", "b1", "a3", "a2", "a1"
        ])
    );
}

#[test]
fn s31_one_branch_from_base() {
    let g = graph(TRAVEL);
    assert_eq!(
        up(&g, &[], "fe1b1").0,
        ["a1", "a2", "a3", "b1", "cb1", "db1", "e1b1", "fe1b1"]
    );
}
