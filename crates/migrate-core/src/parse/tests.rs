//! Unit tests of the per-file parser.

use super::header::name_rule_help;
use super::*;

const FULL: &str = "-- Revision ID: 3f2a9c1b7d4e
-- Revises: 1a2b3c4d5e6f
-- Message: add email to users
-- Create Date: 2026-11-21 10:04:11
-- Branch Labels: accounts
-- Depends On: 55af2cb1c267
-- Transactional: false

-- migrate:up
ALTER TABLE users ADD COLUMN email TEXT;

-- migrate:down
ALTER TABLE users DROP COLUMN email;
";

fn messages(text: &str) -> Vec<String> {
    parse_file("migrations/x.sql", text)
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn parses_every_field() {
    let parsed = parse_file("migrations/3f2a_add_email.sql", FULL);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let rev = parsed.revision.unwrap();
    assert_eq!(rev.id, "3f2a9c1b7d4e");
    assert_eq!(rev.parents.as_ref(), ["1a2b3c4d5e6f"]);
    assert_eq!(rev.depends_on.as_ref(), ["55af2cb1c267"]);
    assert_eq!(rev.branch_labels.as_ref(), ["accounts"]);
    assert_eq!(rev.message, "add email to users");
    assert_eq!(rev.create_date, "2026-11-21 10:04:11");
    assert!(!rev.transactional);
    assert_eq!(rev.up_sql, "ALTER TABLE users ADD COLUMN email TEXT;\n\n");
    assert_eq!(
        rev.down_sql.as_deref(),
        Some("ALTER TABLE users DROP COLUMN email;\n")
    );
    assert_eq!(
        rev.checksum,
        checksum("ALTER TABLE users ADD COLUMN email TEXT;\n\n")
    );
    assert_eq!(
        (
            rev.source.id_line,
            rev.source.parents_line,
            rev.source.labels_line,
            rev.source.up_line,
            rev.source.down_line
        ),
        (1, 2, 5, 9, 12)
    );
}

#[test]
fn crlf_checkout_has_the_same_checksum() {
    let crlf = FULL.replace('\n', "\r\n");
    let a = parse_file("a.sql", FULL).revision.unwrap();
    let b = parse_file("a.sql", &crlf).revision.unwrap();
    assert_eq!(a.checksum, b.checksum);
    assert_eq!(b.parents.as_ref(), ["1a2b3c4d5e6f"]);
}

#[test]
fn root_without_down_is_irreversible_and_transactional() {
    let rev = parse_file(
        "a.sql",
        "-- Revision ID: a1\n-- Revises:\n\n-- migrate:up\nCREATE TABLE t (id INT);\n",
    )
    .revision
    .unwrap();
    assert!(rev.parents.is_empty());
    assert!(rev.transactional);
    assert!(!rev.is_reversible());
}

#[test]
fn malformed_header_line() {
    assert_eq!(
        messages("-- Revision ID: a1\n-- just a comment\n-- migrate:up\nSELECT 1;\n"),
        [
            "migrations/x.sql:2: malformed header line `-- just a comment`: expected `-- Key: value`\n  help: separate free comments from the header with a blank line"
        ]
    );
}

#[test]
fn unknown_header_key_suggests_the_known_one() {
    assert_eq!(
        messages("-- Revision ID: a1\n-- Revizes: b1\n\n-- migrate:up\nSELECT 1;\n"),
        [
            "migrations/x.sql:2: unknown header key `Revizes`\n  help: did you mean `Revises`? Known keys: Revision ID, Revises, Message, Create Date, Branch Labels, Depends On, Transactional"
        ]
    );
}

#[test]
fn missing_revision_id() {
    let parsed = parse_file(
        "migrations/x.sql",
        "-- Revises: b1\n\n-- migrate:up\nSELECT 1;\n",
    );
    assert!(parsed.revision.is_none());
    assert_eq!(
        parsed
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "migrations/x.sql:1: missing `Revision ID` header\n  help: start the file with a line `-- Revision ID: <id>` (12 hex digits, as `migrate revision` writes)"
        ]
    );
}

#[test]
fn missing_and_empty_up() {
    assert_eq!(
        messages("-- Revision ID: a1\n\n-- migrate:down\nDROP TABLE t;\n"),
        [
            "migrations/x.sql:1: missing `-- migrate:up` section\n  help: add a line `-- migrate:up` followed by the SQL that applies this revision"
        ]
    );
    assert_eq!(
        messages(
            "-- Revision ID: a1\n\n-- migrate:up\n-- nothing yet\n\n-- migrate:down\nDROP TABLE t;\n"
        ),
        [
            "migrations/x.sql:3: empty `-- migrate:up` section\n  help: write the SQL that applies this revision below `-- migrate:up`; for an intentional no-op, write `SELECT 1;`"
        ]
    );
    assert!(
        messages("-- Revision ID: a1\n\n-- migrate:up\n-- nothing yet\nSELECT 1;\n").is_empty()
    );
}

#[test]
fn an_up_section_of_block_comments_is_empty() {
    let empty = "migrations/x.sql:3: empty `-- migrate:up` section\n  help: write the SQL that applies this revision below `-- migrate:up`; for an intentional no-op, write `SELECT 1;`";
    for up in [
        "/* nothing yet */",
        "/* two\nlines */ -- and a line comment\n/* and another */",
        "/* unterminated",
    ] {
        assert_eq!(
            messages(&format!("-- Revision ID: a1\n\n-- migrate:up\n{up}\n")),
            [empty],
            "{up:?}"
        );
    }
    for up in [
        "/* first */ SELECT 1;",
        "/*!40101 SET NAMES utf8mb4 */;",
        "SELECT 1; /* trailing */",
    ] {
        assert!(
            messages(&format!("-- Revision ID: a1\n\n-- migrate:up\n{up}\n")).is_empty(),
            "{up:?}"
        );
    }
}

#[test]
fn control_characters_in_header_values() {
    assert_eq!(
        messages("-- Revision ID: a1\n-- Message: add\0users\n\n-- migrate:up\nSELECT 1;\n"),
        [
            "migrations/x.sql:2: `Message` contains the control character U+0000\n  help: remove it: header values are one line of printable text (tabs are allowed)"
        ]
    );
    assert_eq!(
        messages(
            "-- Revision ID: a1\n-- Create Date: 2026\r01\x1b[31m\n\n-- migrate:up\nSELECT 1;\n"
        ),
        [
            "migrations/x.sql:2: `Create Date` contains the control character U+000D\n  help: remove it: header values are one line of printable text (tabs are allowed)"
        ]
    );
    // In the id: one diagnostic, not a second one for a missing id.
    assert_eq!(
        messages("-- Revision ID: a\u{7f}1\n\n-- migrate:up\nSELECT 1;\n"),
        [
            "migrations/x.sql:1: `Revision ID` contains the control character U+007F\n  help: remove it: header values are one line of printable text (tabs are allowed)"
        ]
    );
    // A C1 control character too; a tab is fine.
    assert_eq!(
        messages("-- Revision ID: a1\n-- Message: a\u{85}b\n\n-- migrate:up\nSELECT 1;\n").len(),
        1
    );
    let parsed = parse_file(
        "migrations/x.sql",
        "-- Revision ID: a1\n-- Message: a\tb\n\n-- migrate:up\nSELECT 1;\n",
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(parsed.revision.unwrap().message, "a\tb");
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let text = "-- Revision ID: a1\n-- Message: m\n\n-- migrate:up\nSELECT 1;\n";
    let with_bom = parse_file("migrations/x.sql", &format!("\u{feff}{text}"));
    assert!(
        with_bom.diagnostics.is_empty(),
        "{:?}",
        with_bom.diagnostics
    );
    let with_bom = with_bom.revision.unwrap();
    let without = parse_file("migrations/x.sql", text).revision.unwrap();
    assert_eq!(with_bom.id, "a1");
    assert_eq!(with_bom.source.id_line, 1);
    assert_eq!(with_bom.checksum, without.checksum);
    assert_eq!(with_bom.up_sql, without.up_sql);
}

#[test]
fn two_up_sections() {
    assert_eq!(
        messages("-- Revision ID: a1\n\n-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n"),
        [
            "migrations/x.sql:5: second `-- migrate:up` section\n  help: the first one starts at line 3; keep one"
        ]
    );
}

#[test]
fn invalid_ids_and_labels() {
    assert_eq!(
        messages(
            "-- Revision ID: a-b\n-- Branch Labels: ok, bad label\n\n-- migrate:up\nSELECT 1;\n"
        ),
        [
            format!(
                "migrations/x.sql:1: invalid revision id `a-b`\n  help: {}",
                name_rule_help()
            ),
            format!(
                "migrations/x.sql:2: invalid branch label `bad label`\n  help: {}",
                name_rule_help()
            ),
        ]
    );
    assert_eq!(
        messages("-- Revision ID: head\n\n-- migrate:up\nSELECT 1;\n"),
        [format!(
            "migrations/x.sql:1: invalid revision id `head`\n  help: {}",
            name_rule_help()
        )]
    );
}

#[test]
fn other_section_problems() {
    assert_eq!(
        messages(
            "-- Revision ID: a1\n\nSELECT 0;\n-- migrate:up\nSELECT 1;\n-- migrate:sideways\n"
        ),
        [
            "migrations/x.sql:3: SQL before `-- migrate:up`\n  help: put the SQL below the `-- migrate:up` line",
            "migrations/x.sql:6: unknown section marker `-- migrate:sideways`\n  help: the sections are `-- migrate:up` and `-- migrate:down`",
        ]
    );
    assert_eq!(
        messages(
            "-- Revision ID: a1\n-- Transactional: maybe\n-- Message: x\n-- Message: y\n\n-- migrate:up\nSELECT 1;\n"
        ),
        [
            "migrations/x.sql:2: invalid `Transactional` value `maybe`\n  help: write `true` or `false`",
            "migrations/x.sql:4: header key `Message` appears twice\n  help: keep one of the two lines",
        ]
    );
}

#[test]
fn a_merge_may_have_an_empty_up_section() {
    let rev = parse_file(
        "m.sql",
        "-- Revision ID: m1\n-- Revises: a1, b1\n\n-- migrate:up\n\n-- migrate:down\n",
    )
    .revision
    .unwrap();
    assert_eq!(rev.parents.as_ref(), ["a1", "b1"]);
    assert_eq!(rev.up_sql, "\n");
}

#[test]
fn empty_down_section_is_a_reversible_no_op() {
    let rev = parse_file(
        "a.sql",
        "-- Revision ID: a1\n\n-- migrate:up\nSELECT 1;\n-- migrate:down\n",
    )
    .revision
    .unwrap();
    assert_eq!(rev.down_sql.as_deref(), Some(""));
    assert_eq!(rev.up_sql, "SELECT 1;\n");
}

#[test]
fn sections_keep_their_byte_ranges() {
    let text = "-- Revision ID: a1\n\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n";
    let rev = parse_file("m/a.sql", text).revision.unwrap();
    let (start, end) = rev.source.up_bytes;
    assert_eq!(&text[start..end], "SELECT 1;\n");
    assert_eq!(&text[start..end], rev.up_sql);
    let (start, end) = rev.source.down_bytes.unwrap();
    assert_eq!(&text[start..end], "SELECT 2;\n");
    let irreversible = parse_file(
        "m/b.sql",
        "-- Revision ID: b2\n\n-- migrate:up\nSELECT 1;\n",
    );
    assert_eq!(irreversible.revision.unwrap().source.down_bytes, None);
    // With a byte-order mark the ranges still index the file as read.
    let with_bom = format!("\u{feff}{text}");
    let rev = parse_file("m/c.sql", &with_bom).revision.unwrap();
    let (start, end) = rev.source.up_bytes;
    assert_eq!(&with_bom[start..end], "SELECT 1;\n");
    let (start, end) = rev.source.down_bytes.unwrap();
    assert_eq!(&with_bom[start..end], "SELECT 2;\n");
}
