//! 2.5 Several roots in one folder.

use crate::support::*;

const MULTIBASE: &str = "base1:-, base2:-, base3:-, a1a:base1, a1b:base1, a2:base2, a3:base3, b1a:a1a, b1b:a1b, b2:a2, b3:a3, c2:b2, d2:c2, mergeb3d2:b3+d2";

#[test]
fn s32_everything_over_three_roots() {
    let g = graph(MULTIBASE);
    let (steps, after) = up(&g, &[], "heads");
    assert_eq!(steps.len(), 14);
    assert_eq!(after, set(&["b1a", "b1b", "mergeb3d2"]));
    let all: Vec<&str> = steps.iter().map(String::as_str).collect();
    let (down_steps, after) = down(&g, &all, "base");
    assert_eq!(down_steps.len(), 14);
    assert!(after.is_empty());
}

#[test]
fn s33_overlap_between_a2_and_b2() {
    let g = graph(MULTIBASE);
    let error = g
        .plan_stamp(&applied(&g, &[]), &["a2", "b2"], false)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "requested revision a2 overlaps with other requested revision b2; give only the later one"
    );
}

#[test]
fn s34_lower_bound_c2() {
    let g = graph(MULTIBASE);
    let below_c2 = ["base2", "a2", "b2", "c2"];
    let (steps, _) = up(&g, &below_c2, "mergeb3d2");
    assert_eq!(
        sorted(steps),
        set(&["mergeb3d2", "d2", "b3", "a3", "base3"])
    );
    // With the implicit base, every other root comes too.
    let (steps, _) = up(&g, &below_c2, "heads");
    assert_eq!(
        sorted(steps),
        set(&[
            "b1a",
            "a1a",
            "b1b",
            "a1b",
            "base1",
            "mergeb3d2",
            "b3",
            "a3",
            "base3",
            "d2"
        ])
    );
}

#[test]
fn s35_one_root_then_two_targets() {
    let g = graph(MULTIBASE);
    assert_eq!(up(&g, &[], "b3").0, ["base3", "a3", "b3"]);
    let (first, _) = up(&g, &["base3"], "b3");
    let mut state = vec!["base3"];
    state.extend(first.iter().map(String::as_str));
    let (second, _) = up(&g, &state, "b2");
    assert_eq!(
        sorted([first, second].concat()),
        set(&["b2", "a2", "base2", "b3", "a3"])
    );
}
