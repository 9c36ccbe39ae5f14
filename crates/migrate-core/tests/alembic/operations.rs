//! Relative targets from the current state and at forks, irreversible downgrades, stamp, `current`.

use crate::support::*;
use migrate_core::HeadsPolicy;

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
