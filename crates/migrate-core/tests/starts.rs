//! Where plans start when the database is not read: the applied set through named targets (an offline
//! script's start, `history -r`), targets resolved in their written direction, the heads of history rows
//! that may name revisions the graph does not know, and the overlap of requested revisions.

use crate::support::*;
use migrate_core::{PlanError, Resolved};

const SHAPED: &str = "a1:-, b2:a1, c3:b2, d4:-{audit}, e5:d4 dep a1, f6:c3+e5";

#[test]
fn applied_through_targets_takes_their_ancestors() {
    let g = graph(SHAPED);
    let applied = g.applied_through(&["e5"]).unwrap();
    assert_eq!(ids(&g, &applied.nodes(&g)), ["a1", "d4", "e5"]);
    let applied = g.applied_through(&["b2", "audit@head"]).unwrap();
    assert_eq!(
        sorted(ids(&g, &applied.nodes(&g))),
        set(&["a1", "b2", "c3", "d4", "e5", "f6"])
    );
    assert!(g.applied_through(&["base"]).unwrap().nodes(&g).is_empty());
    assert!(matches!(
        g.applied_through(&["nope"]),
        Err(PlanError::Unknown { .. })
    ));
}

#[test]
fn targets_resolve_in_their_written_direction() {
    let g = graph(SHAPED);
    let at_c3 = g.applied_below(&[g.node("c3").unwrap()]);
    let resolved = |text: &str| match g.resolve_as_written(&at_c3, text).unwrap() {
        Resolved::Revisions(nodes) => ids(&g, &nodes),
        Resolved::Base { .. } => vec!["<base>".to_owned()],
    };
    assert_eq!(resolved("-1"), ["b2"]);
    assert_eq!(resolved("-3"), ["<base>"]);
    assert_eq!(resolved("b2"), ["b2"]);
    // Read as an upgrade target, the same `-1` is refused.
    assert!(matches!(
        g.resolve(&at_c3, "-1", true),
        Err(PlanError::WrongDirection { .. })
    ));
}

#[test]
fn heads_of_recorded_rows_follow_the_applied_set_rule() {
    let g = graph(SHAPED);
    let none: &[String] = &[];
    let a1 = ["a1".to_owned()];
    let d4 = ["d4".to_owned()];
    // e5 depends on a1: both are heads, as `alembic current` lists them.
    let rows: Vec<(&str, &[String])> = vec![("a1", none), ("d4", none), ("e5", &d4)];
    assert_eq!(g.recorded_heads(&rows), ["a1", "e5"]);
    let applied = g.applied_set(["a1", "d4", "e5"]).0;
    assert_eq!(g.recorded_heads(&rows), ids(&g, &applied.heads(&g)));
    // A newer build recorded x9 above a1: a1 is no head, x9 (unknown) comes last.
    let rows: Vec<(&str, &[String])> = vec![("a1", none), ("x9", &a1), ("d4", none)];
    assert_eq!(g.recorded_heads(&rows), ["d4", "x9"]);
}

#[test]
fn overlapping_requests_name_the_lower_and_a_higher_revision() {
    let g = graph(SHAPED);
    let nodes = |names: &[&str]| -> Vec<_> { names.iter().map(|n| g.node(n).unwrap()).collect() };
    assert!(g.check_overlap(&nodes(&["c3", "e5"])).is_ok());
    assert_eq!(
        g.check_overlap(&nodes(&["a1", "e5"]))
            .unwrap_err()
            .to_string(),
        "requested revision a1 overlaps with other requested revision e5; give only the later one"
    );
}
