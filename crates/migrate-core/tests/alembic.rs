//! Every scenario of ALEMBIC.md section 2, as migrate plans it. Alembic's `ITER(upper, lower)` is mapped to
//! the upgrade or downgrade a user would run: an inclusive lower bound `L` means "starting with L not yet
//! applied" (everything strictly below L applied); `excl` means L is applied too. The step order asserted is
//! the partial order (parents first on upgrade, children first on downgrade), plus the exact set and heads.

use crate::support::*;
use migrate_core::HeadsPolicy;

const LABELED: &str = "a:-{abranch}, b:a, somelongername:b, c:somelongername, d:-, e:d{ebranch}, someothername:e, f:someothername";
const MULTI: &str = "a:-, b1:a, b2:a, cb1:b1, cb2:b2, d1cb1:cb1, d2cb1:cb1, d1cb2:cb2, d2cb2:cb2, d3cb2:cb2, d1d2cb2:d1cb2+d2cb2";
const TRAVEL: &str = "a1:-, a2:a1, a3:a2, b1:a3, b2:a3, cb1:b1, cb2:b2, db1:cb1, db2:cb2, e1b1:db1, fe1b1:e1b1, e2b1:db1, e2b2:db2, merge:e2b1+e2b2";
const MULTIBASE: &str = "base1:-, base2:-, base3:-, a1a:base1, a1b:base1, a2:base2, a3:base3, b1a:a1a, b1b:a1b, b2:a2, b3:a3, c2:b2, d2:c2, mergeb3d2:b3+d2";
const CD1: &str = "base1:-{b_1}, a1a:base1, a1b:base1, b1a:a1a, b1b:a1b dep a3, base2:-{b_2}, a2:base2, b2:a2, c2:b2 dep a3, d2:c2, base3:-{b_3}, a3:base3, b3:a3";
const CD2: &str = "base1:-{b_1}, a1:base1, b1:a1, c1:b1, base2:- dep b_1{b_2}, a2:base2, b2:a2, c2:b2, d2:c2, base3:-{b_3}, a3:base3, b3:a3, c3:b3 dep b2, d3:c3";

fn heads(notation: &str) -> Vec<String> {
    let g = graph(notation);
    sorted(ids(&g, &g.heads()))
}

// 2.1 RevisionMap basics

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

// 2.2 Labels, partial ids, `@` syntax

#[test]
fn s08_bases_per_branch() {
    let g = graph(LABELED);
    assert_eq!(sorted(ids(&g, &g.bases())), set(&["a", "d"]));
    // `somelongername@base`: the a-branch's root. Downgrading to it removes that branch only.
    let all = [
        "a",
        "b",
        "somelongername",
        "c",
        "d",
        "e",
        "someothername",
        "f",
    ];
    let (steps, after) = down(&g, &all, "somelongername@base");
    assert_eq!(sorted(steps), set(&["a", "b", "somelongername", "c"]));
    assert_eq!(after, ["f"]);
}

#[test]
fn s09_label_lookups() {
    let g = graph(LABELED);
    assert_eq!(resolve(&g, "ebranch@head").unwrap(), ["f"]);
    assert_eq!(resolve(&g, "abranch@head").unwrap(), ["c"]);
    assert_eq!(resolve(&g, "abranch@heads").unwrap(), ["c"]);
    assert_eq!(resolve(&g, "abranch@base").unwrap(), Vec::<String>::new());
    assert_eq!(resolve(&g, "ebranch@d").unwrap(), ["d"]);
    assert_eq!(resolve(&g, "ebranch@ebranch").unwrap(), ["e"]);
    assert_eq!(resolve(&g, "abranch").unwrap(), ["a"]);
    assert_eq!(resolve(&g, "ebranch").unwrap(), ["e"]);
    // The lineage as Alembic labels it: e, what is above it, and d below it (not a branch point).
    let lineage = g.label_lineage(g.label("ebranch").unwrap());
    let members: Vec<&str> = (0..g.len() as u32)
        .filter(|&n| lineage[n as usize])
        .map(|n| g.id(n))
        .collect();
    assert_eq!(members, ["d", "e", "someothername", "f"]);
}

#[test]
fn s10_iterations_over_one_branch() {
    let g = graph(LABELED);
    let all = [
        "a",
        "b",
        "somelongername",
        "c",
        "d",
        "e",
        "someothername",
        "f",
    ];
    // ITER(heads, ebranch@base) and ITER(heads, e@base): the e-branch comes down whole.
    for target in ["ebranch@base", "e@base"] {
        let (steps, after) = down(&g, &all, target);
        assert_eq!(steps, ["f", "someothername", "e", "d"], "{target}");
        assert_eq!(after, ["c"]);
    }
    // c@base: a revision id as the qualifier gives the a-branch.
    assert_eq!(
        down(&g, &all, "c@base").0,
        ["c", "somelongername", "b", "a"]
    );
    // ITER(ebranch@head, base): upgrade from nothing runs the e-branch only.
    assert_eq!(
        up(&g, &[], "ebranch@head"),
        (
            vec!["d".into(), "e".into(), "someothername".into(), "f".into()],
            set(&["f"])
        )
    );
    // ITER(heads, ebranch@head) inclusive = [f]: downgrade one below the branch head.
    assert_eq!(down(&g, &all, "ebranch@head-1").0, ["f"]);
    // ITER(heads, ebranch@d) inclusive: downgrading below d empties the branch.
    assert_eq!(
        down(&g, &all, "ebranch@d-1").0,
        ["f", "someothername", "e", "d"]
    );
}

#[test]
fn s11_relative_steps_within_a_branch() {
    let g = graph(LABELED);
    let all = [
        "a",
        "b",
        "somelongername",
        "c",
        "d",
        "e",
        "someothername",
        "f",
    ];
    // ITER(heads, ebranch@-2) = [f, someothername, e]: downgrade -2 on the branch keeps e.
    let (steps, after) = down(&g, &all, "ebranch@-2");
    assert_eq!(steps, ["f", "someothername"]);
    assert_eq!(after, set(&["c", "e"]));
    // ITER(ebranch@+2, base) = [e, d]
    assert_eq!(up(&g, &[], "ebranch@+2").0, ["d", "e"]);
}

#[test]
fn s12_prefixes_resolve_within_the_branch() {
    let g = graph(LABELED);
    assert_eq!(resolve(&g, "ebranch@some").unwrap(), ["someothername"]);
    assert_eq!(resolve(&g, "abranch@some").unwrap(), ["somelongername"]);
    assert_eq!(
        resolve(&g, "some").unwrap_err(),
        "`some` matches several revisions: somelongername, someothername; give more characters"
    );
}

#[test]
fn s13_resolution_errors() {
    let g = graph(LABELED);
    assert_eq!(
        resolve(&g, "ebranch@sos").unwrap_err(),
        "no revision or branch label matches `sos`; partial revision ids need at least 4 characters"
    );
    assert_eq!(
        resolve(&g, "abranch@qprstuv").unwrap_err(),
        "no revision or branch label matches `qprstuv`"
    );
    assert_eq!(
        resolve(&g, "abranch@qpr").unwrap_err(),
        "no revision or branch label matches `qpr`; partial revision ids need at least 4 characters"
    );
}

#[test]
fn s14_lineage_errors() {
    let g = graph(LABELED);
    assert_eq!(
        resolve(&g, "ebranch@b").unwrap_err(),
        "revision b is not a member of branch `ebranch`"
    );
    assert_eq!(
        resolve(&g, "abranch@d").unwrap_err(),
        "revision d is not a member of branch `abranch`"
    );
}

#[test]
fn s15_qualifiers_that_are_not_labels() {
    let g = graph(LABELED);
    assert_eq!(resolve(&g, "e@d").unwrap(), ["d"]);
    assert_eq!(resolve(&g, "someoth@d").unwrap(), ["d"]);
    assert_eq!(
        resolve(&g, "x@d").unwrap_err(),
        "no such branch: `x` is neither a branch label nor a revision id"
    );
    assert_eq!(resolve(&g, "e").unwrap(), ["e"]);
}

#[test]
fn s16_the_same_label_twice_is_a_build_error() {
    // Alembic raises "Branch name 'xy1' in revision e already used by revision c".
    assert_eq!(
        errors(
            "a:-, b:a, c:b{xy1}, d:-, e:d{xy1}",
            HeadsPolicy::AllowMultiple
        ),
        [
            "migrations/0004_e.sql:4: duplicate branch label `xy1`: already used by revision `c` (migrations/0002_c.sql:4)\n  help: a label names one branch; pick another name"
        ]
    );
}

#[test]
fn s17_a_merge_pulls_the_other_side_into_the_lineage() {
    let g = graph("a:-, b:a, c1:b{c1branch}, c2:b, d:c1+c2");
    assert_eq!(resolve(&g, "c1branch@head").unwrap(), ["d"]);
    // c2 is not in c1's lineage itself (Alembic agrees), but the head of c1's branch is the merge above both.
    assert_eq!(
        resolve(&g, "c1branch@c2").unwrap_err(),
        "revision c2 is not a member of branch `c1branch`"
    );
    let (steps, _) = up(&g, &["a", "b"], "c1branch@head");
    assert_eq!(sorted(steps), set(&["c1", "c2", "d"]));
}

// 2.3 Multi-branch iteration

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

// 2.4 Depth-first travel with stop points

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

// 2.5 Multiple roots

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

// 2.6 Cross-root dependencies

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

// 2.7 Invalid graphs: build errors with file and line, where Alembic raises (or crashes).

#[test]
fn s47_self_loops() {
    assert_eq!(
        errors("a:a", HeadsPolicy::Single),
        [
            "migrations/0000_a.sql:2: revision `a` revises itself\n  help: set `Revises` to the id of the revision this one follows, or leave it empty for a root"
        ]
    );
    let found = errors("a:-, b:a, c:b+c", HeadsPolicy::Single);
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("migrations/0002_c.sql:2: revision `c` revises itself"));
}

#[test]
fn s48_dependency_self_loops() {
    assert_eq!(
        errors("a:- dep a", HeadsPolicy::Single),
        [
            "migrations/0000_a.sql:4: revision `a` depends on itself\n  help: remove it from `Depends On`"
        ]
    );
}

#[test]
fn s49_revises_cycles() {
    let expected = "migrations/0000_a.sql:2: cycle through `Revises` between revisions `a` (migrations/0000_a.sql:1), `b` (migrations/0001_b.sql:1), `c` (migrations/0002_c.sql:1)\n  help: one revision on the cycle must revise a revision outside it, or nothing for a root";
    assert_eq!(errors("a:c, b:a, c:b", HeadsPolicy::Single), [expected]);
    // An unrelated chain does not join the list, and no heads error is added on top.
    assert_eq!(
        errors("a:c, b:a, c:b, d:-, e:d", HeadsPolicy::Single),
        [expected]
    );
    // Revisions hanging off the cycle are not on it.
    assert_eq!(
        errors("a:c, b:a, c:b, d:c, e:d", HeadsPolicy::Single),
        [expected]
    );
    let found = errors("a:-, b:a, c:b+e, d:c, e:d", HeadsPolicy::Single);
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("migrations/0002_c.sql:2: cycle through `Revises` between revisions `c` (migrations/0002_c.sql:1), `d` (migrations/0003_d.sql:1), `e`"));
}

#[test]
fn s50_dependency_cycles() {
    assert_eq!(
        errors("a:- dep c, b:a, c:b", HeadsPolicy::Single),
        [
            "migrations/0000_a.sql:2: cycle through `Revises` and `Depends On` between revisions `a` (migrations/0000_a.sql:1), `b` (migrations/0001_b.sql:1), `c` (migrations/0002_c.sql:1)\n  help: one revision on the cycle must revise a revision outside it, or nothing for a root"
        ]
    );
}

#[test]
fn s51_ids_that_are_substrings_are_not_loops() {
    let g = graph("user_foo:-, user:user_foo");
    assert_eq!(up(&g, &[], "heads").0, ["user_foo", "user"]);
    let g = graph("user_foo:-, user:user_foo dep user_foo");
    assert_eq!(up(&g, &[], "heads").0, ["user_foo", "user"]);
    let g = graph("user_foo:-, user:- dep user_foo");
    assert_eq!(up(&g, &[], "heads").0, ["user_foo", "user"]);
}

#[test]
fn relative_targets_from_the_current_state() {
    let g = graph("a:-, b:a, c:b, d:c");
    assert_eq!(up(&g, &["a"], "+2").0, ["b", "c"]);
    assert_eq!(down(&g, &["a", "b", "c"], "-1").0, ["c"]);
    assert_eq!(up(&g, &[], "base+2").0, ["a", "b"]);
    assert_eq!(up(&g, &[], "head-1").0, ["a", "b", "c"]);
    assert_eq!(up(&g, &[], "b+1").0, ["a", "b", "c"]);
    assert_eq!(
        down(&g, &["a", "b", "c", "d"], "-4").0,
        ["d", "c", "b", "a"]
    );
    let text = |r: Result<migrate_core::Plan, migrate_core::PlanError>| r.unwrap_err().to_string();
    assert_eq!(
        text(g.plan_upgrade(&applied(&g, &["a"]), "+4")),
        "relative target `+4` runs off the last revision after 3 of 4 steps"
    );
    assert_eq!(
        text(g.plan_downgrade(&applied(&g, &["a"]), "-2")),
        "relative target `-2` runs off the base after 1 of 2 steps"
    );
    assert_eq!(
        text(g.plan_upgrade(&applied(&g, &["a"]), "-1")),
        "`-1` moves down; use `downgrade` instead"
    );
    assert_eq!(
        text(g.plan_downgrade(&applied(&g, &["a"]), "+1")),
        "`+1` moves up; use `upgrade` instead"
    );
}

#[test]
fn relative_targets_at_forks() {
    let g = graph("a:-, b1:a, b2:a, m:b1+b2");
    let text = |r: Result<migrate_core::Plan, migrate_core::PlanError>| r.unwrap_err().to_string();
    assert_eq!(
        text(g.plan_upgrade(&applied(&g, &["a"]), "+1")),
        "relative target `+1` is ambiguous: at `a` it could go to b1, b2; name a revision or narrow with `<label>@`"
    );
    assert_eq!(
        text(g.plan_upgrade(&applied(&g, &["a", "b1", "b2"]), "+1")),
        "`+1` is ambiguous from several current heads (b1, b2); use `<label>@+1` or name a revision"
    );
    // One step down from a merge undoes the merge; a second step would have to choose a side.
    assert_eq!(
        down(&g, &["a", "b1", "b2", "m"], "-1"),
        (vec!["m".into()], set(&["b1", "b2"]))
    );
    assert_eq!(
        text(g.plan_downgrade(&applied(&g, &["a", "b1", "b2", "m"]), "-2")),
        "relative target `-2` is ambiguous: at `m` it could go to b1, b2; name a revision or narrow with `<label>@`"
    );
}

#[test]
fn downgrade_refuses_irreversible_revisions_before_anything_runs() {
    let mut folder = folder("a:-, b:a");
    folder.revisions[1].down_sql = None;
    let g = migrate_core::validate(folder, HeadsPolicy::Single).unwrap();
    let error = g
        .plan_downgrade(&applied(&g, &["a", "b"]), "base")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot downgrade: this revision has no `-- migrate:down` section (b in migrations/0001_b.sql)"
    );
    // A downgrade that stops below it is fine... and one that would pass through it is not.
    assert_eq!(down(&g, &["a", "b"], "b").0, Vec::<String>::new());
}

#[test]
fn stamp_records_the_upgrade_or_downgrade_state_and_purge_clears_first() {
    let g = graph("a:-, b:a, c:b");
    let stamp = g.plan_stamp(&applied(&g, &[]), &["head"], false).unwrap();
    assert_eq!(ids(&g, &stamp.added), ["a", "b", "c"]);
    let stamp = g
        .plan_stamp(&applied(&g, &["a", "b", "c"]), &["a"], false)
        .unwrap();
    assert_eq!(ids(&g, &stamp.removed), ["c", "b"]);
    assert_eq!(ids(&g, &stamp.heads_after), ["a"]);
    let stamp = g
        .plan_stamp(&applied(&g, &["a", "b", "c"]), &["b"], true)
        .unwrap();
    assert_eq!(ids(&g, &stamp.added), ["a", "b"]);
    assert_eq!(ids(&g, &stamp.heads_after), ["b"]);
}

#[test]
fn current_symbol_and_unknown_applied_ids() {
    let g = graph("a:-, b:a");
    let state = applied(&g, &["a"]);
    assert_eq!(
        g.plan_upgrade(&state, "current").unwrap().steps,
        Vec::<u32>::new()
    );
    let (_, unknown) = g.applied_set(["a", "zz9", "ff1"]);
    assert_eq!(unknown, ["ff1", "zz9"]);
}
