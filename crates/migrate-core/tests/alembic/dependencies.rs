//! 2.6 Dependencies across roots (`Depends On`), per branch and on labels.

use crate::support::*;

const CD1: &str = "base1:-{b_1}, a1a:base1, a1b:base1, b1a:a1a, b1b:a1b dep a3, base2:-{b_2}, a2:base2, b2:a2, c2:b2 dep a3, d2:c2, base3:-{b_3}, a3:base3, b3:a3";
const CD2: &str = "base1:-{b_1}, a1:base1, b1:a1, c1:b1, base2:- dep b_1{b_2}, a2:base2, b2:a2, c2:b2, d2:c2, base3:-{b_3}, a3:base3, b3:a3, c3:b3 dep b2, d3:c3";

#[test]
fn s36_dependencies_across_roots() {
    let g = graph(CD1);
    assert_eq!(
        sorted(ids(&g, &g.heads())),
        set(&["b1a", "b1b", "d2", "b3"])
    );
    let (steps, _) = up(&g, &[], "heads");
    assert_eq!(steps.len(), 13);
    let all: Vec<&str> = steps.iter().map(String::as_str).collect();
    assert_eq!(down(&g, &all, "base").0.len(), 13);
}

#[test]
fn s37_not_an_ancestor() {
    let g = graph(CD1);
    let state = applied(&g, &["base2", "a2", "b2", "a3", "base3"]);
    assert!(
        g.plan_downgrade(&state, "d2")
            .unwrap_err()
            .to_string()
            .starts_with("`d2` is not a valid downgrade target")
    );
    let state = applied(&g, &["base3", "a3", "b3"]);
    assert!(
        g.plan_downgrade(&state, "d2")
            .unwrap_err()
            .to_string()
            .starts_with("`d2` is not a valid downgrade target")
    );
}

#[test]
fn s38_up_pulls_the_dependency_down_leaves_it() {
    let g = graph(CD1);
    let (steps, _) = up(&g, &[], "b_2@head");
    assert_eq!(
        sorted(steps.clone()),
        set(&["d2", "c2", "b2", "a2", "base2", "a3", "base3"])
    );
    let state: Vec<&str> = steps.iter().map(String::as_str).collect();
    let (steps, after) = down(&g, &state, "b_2@base");
    assert_eq!(steps, ["d2", "c2", "b2", "a2", "base2"]);
    assert_eq!(after, ["a3"]);
}

#[test]
fn s39_per_branch() {
    let g = graph(CD1);
    let (steps, _) = up(&g, &[], "b_3@head");
    assert_eq!(steps, ["base3", "a3", "b3"]);
    let state: Vec<&str> = steps.iter().map(String::as_str).collect();
    assert_eq!(down(&g, &state, "b_3@base").0, ["b3", "a3", "base3"]);
    let (steps, _) = up(&g, &[], "b1b@head");
    assert_eq!(
        sorted(steps.clone()),
        set(&["b1b", "a1b", "base1", "a3", "base3"])
    );
    let state: Vec<&str> = steps.iter().map(String::as_str).collect();
    let (steps, after) = down(&g, &state, "b1b@base");
    assert_eq!(steps, ["b1b", "a1b", "base1"]);
    assert_eq!(after, ["a3"]);
}

#[test]
fn s40_branch_base_from_all_heads() {
    let g = graph(CD1);
    let (all, _) = up(&g, &[], "heads");
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    assert_eq!(
        down(&g, &all, "b_2@base").0,
        ["d2", "c2", "b2", "a2", "base2"]
    );
    // Removing a3 forces out every revision that depends on it.
    let (steps, after) = down(&g, &all, "b_3@base");
    assert_eq!(
        sorted(steps),
        set(&["b1b", "d2", "c2", "b3", "a3", "base3"])
    );
    assert_eq!(after, set(&["a1b", "b1a", "b2"]));
}

#[test]
fn s41_dependencies_on_labels() {
    let g = graph(CD2);
    assert_eq!(sorted(ids(&g, &g.heads())), set(&["c1", "d2", "d3"]));
    let (steps, _) = up(&g, &[], "heads");
    assert_eq!(steps.len(), 14);
}

#[test]
fn s42_per_branch_head_to_base() {
    let g = graph(CD2);
    assert_eq!(
        sorted(up(&g, &[], "b_2@head").0),
        set(&["d2", "c2", "b2", "a2", "base2", "base1"])
    );
    assert_eq!(
        sorted(up(&g, &[], "b_3@head").0),
        set(&[
            "d3", "c3", "b3", "a3", "base3", "b2", "a2", "base2", "base1"
        ])
    );
    assert_eq!(up(&g, &[], "b_1@head").0, ["base1", "a1", "b1", "c1"]);
}

#[test]
fn s43_heads_to_a_branch_base() {
    let g = graph(CD2);
    let (all, _) = up(&g, &[], "heads");
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    // Removing base1 removes base2 (it depends on b_1 = base1) and so everything above base2 and c3.
    let (steps, after) = down(&g, &all, "b_1@base");
    assert_eq!(steps.len(), 11);
    assert_eq!(after, ["b3"]);
    let (steps, _) = down(&g, &all, "b_2@base");
    assert_eq!(
        sorted(steps),
        set(&["d2", "c2", "b2", "a2", "base2", "d3", "c3"])
    );
    let (steps, _) = down(&g, &all, "b_3@base");
    assert_eq!(sorted(steps), set(&["d3", "c3", "b3", "a3", "base3"]));
}

#[test]
fn s44_dependency_from_a_second_root() {
    let g = graph("base1:-, a1:base1, b1:a1, c2:- dep a1, c3:c2");
    let (steps, after) = up(&g, &[], "heads");
    assert_eq!(sorted(steps), set(&["b1", "c3", "c2", "a1", "base1"]));
    assert_eq!(after, set(&["b1", "c3"]));
}

#[test]
fn s45_effective_heads() {
    let g = graph("y1:-{y}, x1:-{x}, y2:y1 dep x1, x2:x1");
    assert_eq!(down(&g, &["y1", "x1", "y2", "x2"], "x@-1").0, ["x2"]);
    // x1 is applied only as y2's dependency (an effective head): stepping its branch down removes it and y2.
    let (steps, after) = down(&g, &["y1", "x1", "y2"], "x@-1");
    assert_eq!(steps, ["y2", "x1"]);
    assert_eq!(after, ["y1"]);
}

#[test]
fn s46_normalised_dependencies() {
    let g = graph("a1:-, a2:a1, a3:a2, b1:-, b2:b1 dep a3, b3:b2, b4:b3 dep a3, b5:b4 dep b4");
    let (state, _) = up(&g, &[], "b4");
    let state: Vec<&str> = state.iter().map(String::as_str).collect();
    assert_eq!(down(&g, &state, "b1@base").0, ["b4", "b3", "b2", "b1"]);
    let all = ["a1", "a2", "a3", "b1", "b2", "b3", "b4", "b5"];
    let (steps, _) = down(&g, &all, "base");
    assert_eq!(sorted(steps), set(&all));
    // Down to a1 (Alembic's inclusive lower bound a2): a2, a3 and everything depending on a3 go; b1 stays.
    let (steps, after) = down(&g, &all, "a1");
    assert_eq!(steps, ["b5", "b4", "b3", "b2", "a3", "a2"]);
    assert_eq!(after, set(&["a1", "b1"]));
    assert_eq!(up(&g, &["b1"], "b5").0.len(), 7);
}
