//! 2.2 Branch labels, partial ids and the `@` syntax.

use crate::support::*;
use migrate_core::HeadsPolicy;

const LABELED: &str = "a:-{abranch}, b:a, somelongername:b, c:somelongername, d:-, e:d{ebranch}, someothername:e, f:someothername";

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
