//! 2.7 Invalid graphs: build errors with file and line, where Alembic raises (or crashes).

use crate::support::*;
use migrate_core::HeadsPolicy;

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
