//! 2.1 RevisionMap basics: heads, symbols, branches, roots, diamonds, the empty map.

use super::heads;
use crate::support::*;
use migrate_core::HeadsPolicy;

#[test]
fn s01_linear_heads_and_symbols() {
    assert_eq!(heads("a:-, b:a, c:b"), set(&["c"]));
    assert_eq!(heads("a:-, b:a, c:b, d:c"), set(&["d"]));
    let g = graph("a:-, b:a, c:b");
    assert_eq!(resolve(&g, "head").unwrap(), ["c"]);
    assert_eq!(resolve(&g, "base").unwrap(), Vec::<String>::new());
    // ITER((c,c), a, excl) = [c, b]
    assert_eq!(
        up(&g, &["a"], "c"),
        (vec!["b".into(), "c".into()], set(&["c"]))
    );
}

#[test]
fn s02_branches_give_several_heads_and_head_is_an_error() {
    assert_eq!(heads("a:-, b:a, c1:b, c2:b"), set(&["c1", "c2"]));
    assert_eq!(heads("a:-, b:a, c1:b, c2:b, d1:c1"), set(&["c2", "d1"]));
    let g = graph("a:-, b:a, c1:b, c2:b");
    assert_eq!(
        resolve(&g, "head").unwrap_err(),
        "multiple heads are present for `head`: c1, c2; name a revision, use `<label>@head` to narrow to one branch, or `heads` for all of them"
    );
    assert_eq!(sorted(resolve(&g, "heads").unwrap()), set(&["c1", "c2"]));
    let error = g.plan_upgrade(&applied(&g, &[]), "head").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("multiple heads are present for `head`")
    );
}

#[test]
fn s03_two_roots() {
    let g = graph("a:-, b:a, c:-, d:c");
    assert_eq!(sorted(ids(&g, &g.bases())), set(&["a", "c"]));
    assert_eq!(resolve(&g, "base").unwrap(), Vec::<String>::new());
}

#[test]
fn s04_diamond_merge_runs_after_both_parents() {
    let g = graph("a:-, b1:a, b2:a, c:b1+b2, d:c");
    let (steps, after) = up(&g, &["a"], "d");
    assert_eq!(sorted(steps.clone()), set(&["b1", "b2", "c", "d"]));
    assert_eq!(&steps[2..], ["c", "d"]);
    assert_eq!(after, ["d"]);
}

#[test]
fn s05_empty_map() {
    let g = migrate_core::validate(Default::default(), HeadsPolicy::Single).unwrap();
    let plan = g.plan_upgrade(&g.applied_set([]).0, "head").unwrap();
    assert!(plan.steps.is_empty() && plan.heads_after.is_empty());
}

#[test]
fn s06_long_short_branch() {
    let g = graph("a:-, b1:a, b2:a, c1:b1, d11:c1, d12:c1");
    let (steps, after) = up(&g, &[], "heads");
    assert_eq!(sorted(steps), set(&["a", "b1", "b2", "c1", "d11", "d12"]));
    assert_eq!(after, set(&["b2", "d11", "d12"]));
}

#[test]
fn s07_non_string_ids_cannot_happen_and_bad_target_text_is_refused() {
    // Alembic's `b'12345'` error comes from a driver returning bytes; migrate's history ids are `String`s and
    // files must be UTF-8 (see the load tests). A target with stray characters is refused by the grammar.
    let g = graph("a:-");
    assert_eq!(
        resolve(&g, "b'12345'").unwrap_err(),
        "invalid target `b'12345'`: ids and labels use only A-Z, a-z, 0-9 and _"
    );
}
