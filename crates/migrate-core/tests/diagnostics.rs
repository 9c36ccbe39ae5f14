//! Every diagnostic class of DESIGN.md section 3 that spans files, with its exact message, path and line.
//! (Per-file classes are unit-tested in `parse.rs` and `load.rs`.)

use std::path::Path;

use crate::support::*;
use migrate_core::{HeadsPolicy, load_and_validate};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn rev(id: &str, parents: &str) -> String {
    format!("-- Revision ID: {id}\n-- Revises: {parents}\n\n-- migrate:up\nSELECT 1;\n")
}

fn problems(dir: &Path, root: &Path, policy: HeadsPolicy) -> Vec<String> {
    match load_and_validate(dir, root, policy) {
        Ok(_) => Vec::new(),
        Err(list) => list.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn duplicate_revision_id() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("migrations");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "a.sql", &rev("1a2b3c4d5e6f", ""));
    write(
        &dir,
        "b.sql",
        &format!("-- Message: copy\n{}", rev("1a2b3c4d5e6f", "")),
    );
    assert_eq!(
        problems(&dir, root.path(), HeadsPolicy::Single),
        [
            "migrations/b.sql:2: duplicate revision id `1a2b3c4d5e6f`: already defined in migrations/a.sql:1\n  help: give this revision a new id (`migrate revision` generates unique ones)"
        ]
    );
}

#[test]
fn missing_parent_suggests_the_closest_id() {
    // Alembic warns, then crashes with a bare KeyError; migrate names the file, line and the likely id.
    assert_eq!(
        errors(
            "1a2b3c4d5e6f:-, 9f8e7d6c5b4a:1a2b3c4d5e6e",
            HeadsPolicy::Single
        ),
        [
            "migrations/0001_9f8e7d6c5b4a.sql:2: revision `9f8e7d6c5b4a` revises `1a2b3c4d5e6e`, which does not exist\n  help: did you mean `1a2b3c4d5e6f`?"
        ]
    );
    assert_eq!(
        errors("a1:-, b1:zzzzzzzz", HeadsPolicy::AllowMultiple),
        [
            "migrations/0001_b1.sql:2: revision `b1` revises `zzzzzzzz`, which does not exist\n  help: check the id against the files in the folder (`migrate history` lists them)"
        ]
    );
}

#[test]
fn missing_depends_on_target() {
    assert_eq!(
        errors(
            "abcd1234:-, efgh5678:abcd1234 dep abcd1243",
            HeadsPolicy::Single
        ),
        [
            "migrations/0001_efgh5678.sql:4: revision `efgh5678` depends on `abcd1243`, which is neither a revision id nor a branch label\n  help: did you mean `abcd1234`?"
        ]
    );
}

#[test]
fn label_equal_to_a_revision_id() {
    assert_eq!(
        errors("a1:-, b1:a1{a1}", HeadsPolicy::Single),
        [
            "migrations/0001_b1.sql:4: branch label `a1` is also the id of revision migrations/0000_a1.sql:1\n  help: rename the label"
        ]
    );
}

#[test]
fn two_heads_without_labels() {
    assert_eq!(
        errors(
            "1a2b3c4d5e6f:-, 3f2a9c1b7d4e:1a2b3c4d5e6f, 9f8e7d6c5b4a:1a2b3c4d5e6f",
            HeadsPolicy::Single
        ),
        [
            "migrations/0002_9f8e7d6c5b4a.sql:1: 2 heads: `3f2a9c1b7d4e` (migrations/0001_3f2a9c1b7d4e.sql:1), `9f8e7d6c5b4a` (migrations/0002_9f8e7d6c5b4a.sql:1)\n  help: run `migrate merge heads -m \"merge heads\"` to join them, or give each branch its own `Branch Labels`"
        ]
    );
    // The CLI and `allow_multiple_heads` accept the same folder.
    assert!(errors("a1:-, b1:a1, c1:a1", HeadsPolicy::AllowMultiple).is_empty());
}

#[test]
fn heads_in_different_labelled_branches_are_fine() {
    assert!(errors("a1:-, b1:a1{one}, c1:a1{two}", HeadsPolicy::Single).is_empty());
    assert!(errors("a1:-{main}, b1:a1, c1:a1{feature}", HeadsPolicy::Single).is_empty());
    // Two heads under one label are still two heads.
    assert_eq!(
        errors("a1:-{main}, b1:a1, c1:a1", HeadsPolicy::Single).len(),
        1
    );
    // A head that another revision only depends on is still a head (Alembic's "effective head": `upgrade
    // head` is ambiguous there), unless the two lie on different labelled branches.
    assert_eq!(
        errors("x1:-, y1:- dep x1", HeadsPolicy::Single),
        [
            "migrations/0001_y1.sql:1: 2 heads: `x1` (migrations/0000_x1.sql:1, effective head: only depended on), `y1` (migrations/0001_y1.sql:1)\n  help: run `migrate merge heads -m \"merge heads\"` to join them, or give each branch its own `Branch Labels`"
        ]
    );
    assert!(errors("x1:-{x}, y1:- dep x1{y}", HeadsPolicy::Single).is_empty());
}

#[test]
fn every_problem_in_one_pass_in_a_stable_order() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("migrations");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "a.sql", &rev("aaaa1111", ""));
    write(
        &dir,
        "b.sql",
        "-- Revision ID: bbbb2222\n-- Revizes: aaaa1111\n\n-- migrate:up\nSELECT 1;\n",
    );
    write(&dir, "c.sql", &rev("cccc3333", "aaaa1112"));
    write(
        &dir,
        "d.sql",
        "-- Revision ID: dddd4444\n-- Revises: cccc3333\n\n-- migrate:down\nSELECT 1;\n",
    );
    // Three problems of three kinds; the extra heads they cause are not reported on top.
    let first = problems(&dir, root.path(), HeadsPolicy::Single);
    assert_eq!(
        first,
        [
            "migrations/b.sql:2: unknown header key `Revizes`\n  help: did you mean `Revises`? Known keys: Revision ID, Revises, Message, Create Date, Branch Labels, Depends On, Transactional",
            "migrations/c.sql:2: revision `cccc3333` revises `aaaa1112`, which does not exist\n  help: did you mean `aaaa1111`?",
            "migrations/d.sql:1: missing `-- migrate:up` section\n  help: add a line `-- migrate:up` followed by the SQL that applies this revision",
        ]
    );
    assert_eq!(problems(&dir, root.path(), HeadsPolicy::Single), first);
}

#[test]
fn control_character_in_a_header_value_is_reported_at_its_line() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("migrations");
    std::fs::create_dir(&dir).unwrap();
    write(
        &dir,
        "a.sql",
        "-- Revision ID: aaaa1111\n-- Message: add\0users\n\n-- migrate:up\nSELECT 1;\n",
    );
    assert_eq!(
        problems(&dir, root.path(), HeadsPolicy::Single),
        [
            "migrations/a.sql:2: `Message` contains the control character U+0000\n  help: remove it: header values are one line of printable text (tabs are allowed)"
        ]
    );
}

#[test]
fn a_byte_order_mark_is_accepted_and_changes_no_checksum() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("migrations");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "a.sql", &format!("\u{feff}{}", rev("aaaa1111", "")));
    write(&dir, "b.sql", &rev("bbbb2222", "aaaa1111"));
    let graph = load_and_validate(&dir, root.path(), HeadsPolicy::Single).unwrap();
    let with_bom = graph.revision(graph.node("aaaa1111").unwrap());
    let without = graph.revision(graph.node("bbbb2222").unwrap());
    assert_eq!(with_bom.checksum, without.checksum);
    assert_eq!(with_bom.source.id_line, 1);
}

#[test]
fn an_absolute_folder_outside_the_root_is_shown_with_one_leading_slash() {
    let root = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = root.path().join("migrations");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "c.sql", &rev("cccc3333", "aaaa1112"));
    let shown = dir.to_str().unwrap();
    assert!(shown.starts_with('/') && !shown.starts_with("//"));
    assert_eq!(
        problems(&dir, elsewhere.path(), HeadsPolicy::Single),
        [format!(
            "{shown}/c.sql:2: revision `cccc3333` revises `aaaa1112`, which does not exist\n  help: check the id against the files in the folder (`migrate history` lists them)"
        )]
    );
}
