//! Unit tests of the SQL writers: the exact SQL per operation per dialect (columns and keys here; tables,
//! foreign keys, renames, schemas and types in [`tables`]).

mod tables;

use crate::diff::{Renames, diff};
use crate::model::Index;
use crate::parse_str;

use super::{Dialect, Options, render};

fn tables(body: &str) -> crate::Schema {
    parse_str("schema.rs", body).unwrap_or_else(|e| panic!("{e}"))
}

/// Up and down SQL from `current` to `wanted` on `dialect`, and whether the revision is transactional.
fn sql(current: &str, wanted: &str, renames: &[&str], dialect: Dialect) -> (String, String, bool) {
    let (current, wanted) = (tables(current), tables(wanted));
    sql_of(&current, &wanted, renames, dialect)
}

fn sql_of(
    current: &crate::Schema,
    wanted: &crate::Schema,
    renames: &[&str],
    dialect: Dialect,
) -> (String, String, bool) {
    let renames = Renames::parse(renames.iter().copied()).unwrap();
    let migration = render(
        current,
        &diff(current, wanted, &renames),
        dialect,
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (migration.up, migration.down, migration.transactional)
}

/// What frames a SQLite section that rebuilds a table.
const OPEN: &str = "\
-- SQLite ignores PRAGMA foreign_keys inside a transaction, so this revision is `Transactional: false`
-- and runs its own: foreign keys off, the changes, a check that every foreign key still holds, COMMIT.
PRAGMA foreign_keys = OFF;
BEGIN;
";
const CLOSE: &str = "\
-- fails (CHECK constraint failed) when a row no longer matches its foreign key; see PRAGMA foreign_key_check
CREATE TEMP TABLE \"_migrate_foreign_key_check\" (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO \"_migrate_foreign_key_check\" SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE \"_migrate_foreign_key_check\";
COMMIT;
PRAGMA foreign_keys = ON;
";

fn framed(body: &str) -> String {
    format!("{OPEN}{body}{CLOSE}")
}

/// The rebuild of `users (id, n)` with `n` declared as `n`.
fn users_rebuild(n: &str, review: &str) -> String {
    framed(&format!(
        "-- SQLite cannot ALTER this: rebuild 'users' (new table, copy the rows, drop the old one, rename, recreate its indexes and triggers)
{review}CREATE TABLE \"_migrate_new_users\" (
    \"id\" INTEGER NOT NULL,
    {n},
    PRIMARY KEY (\"id\")
);
INSERT INTO \"_migrate_new_users\" (\"id\", \"n\") SELECT \"id\", \"n\" FROM \"users\";
DROP TABLE \"users\";
ALTER TABLE \"_migrate_new_users\" RENAME TO \"users\";
"
    ))
}

const USERS: &str = "diesel::table! { users (id) { id -> Int4, } }";
const USERS_N_INT4: &str = "diesel::table! { users (id) { id -> Int4, n -> Int4, } }";
const USERS_N_NULL: &str = "diesel::table! { users (id) { id -> Int4, n -> Nullable<Int4>, } }";

#[test]
fn add_and_drop_a_nullable_column() {
    let wanted = "diesel::table! { users (id) { id -> Int4, #[max_length = 100] email -> Nullable<Varchar>, } }";
    let drop = "-- REVIEW: drops column 'users.email' and its values\n";
    assert_eq!(
        sql(USERS, wanted, &[], Dialect::Postgres),
        (
            "ALTER TABLE \"users\" ADD COLUMN \"email\" VARCHAR(100);\n".into(),
            format!("{drop}ALTER TABLE \"users\" DROP COLUMN \"email\";\n"),
            true
        )
    );
    assert_eq!(
        sql(USERS, wanted, &[], Dialect::Mysql),
        (
            "ALTER TABLE `users` ADD COLUMN `email` VARCHAR(100);\n".into(),
            format!("{drop}ALTER TABLE `users` DROP COLUMN `email`;\n"),
            true
        )
    );
    assert_eq!(
        sql(USERS, wanted, &[], Dialect::Sqlite),
        (
            "ALTER TABLE \"users\" ADD COLUMN \"email\" VARCHAR(100);\n".into(),
            format!("{drop}ALTER TABLE \"users\" DROP COLUMN \"email\";\n"),
            true
        )
    );
}

#[test]
fn a_not_null_column_is_reviewed_and_rebuilds_on_sqlite() {
    let review = "-- REVIEW: adds NOT NULL column 'users.n' without a default: fails if the table has rows\n";
    let (up, _, _) = sql(USERS, USERS_N_INT4, &[], Dialect::Postgres);
    assert_eq!(
        up,
        format!("{review}ALTER TABLE \"users\" ADD COLUMN \"n\" INTEGER NOT NULL;\n")
    );
    let (up, down, transactional) = sql(USERS, USERS_N_INT4, &[], Dialect::Sqlite);
    let rebuilt = users_rebuild("\"n\" INTEGER NOT NULL", review).replace(
        "(\"id\", \"n\") SELECT \"id\", \"n\"",
        "(\"id\") SELECT \"id\"",
    );
    assert_eq!(up, rebuilt);
    // The down section is framed too: the revision runs outside migrate's transaction.
    assert_eq!(
        down,
        framed(
            "-- REVIEW: drops column 'users.n' and its values\nALTER TABLE \"users\" DROP COLUMN \"n\";\n"
        )
    );
    assert!(!transactional);
}

#[test]
fn a_type_change_per_dialect() {
    let wanted = "diesel::table! { users (id) { id -> Int4, n -> Int8, } }";
    let narrows = "-- REVIEW: narrows 'users.n' from Int8 to Int4: values that do not fit are refused or cut\n";
    assert_eq!(
        sql(USERS_N_INT4, wanted, &[], Dialect::Postgres),
        (
            "ALTER TABLE \"users\" ALTER COLUMN \"n\" TYPE BIGINT USING \"n\"::BIGINT;\n".into(),
            format!(
                "{narrows}ALTER TABLE \"users\" ALTER COLUMN \"n\" TYPE INTEGER USING \"n\"::INTEGER;\n"
            ),
            true
        )
    );
    assert_eq!(
        sql(USERS_N_INT4, wanted, &[], Dialect::Mysql),
        (
            "ALTER TABLE `users` MODIFY COLUMN `n` BIGINT NOT NULL;\n".into(),
            format!("{narrows}ALTER TABLE `users` MODIFY COLUMN `n` INT NOT NULL;\n"),
            true
        )
    );
    assert_eq!(
        sql(USERS_N_INT4, wanted, &[], Dialect::Sqlite),
        (
            users_rebuild("\"n\" BIGINT NOT NULL", ""),
            users_rebuild("\"n\" INTEGER NOT NULL", narrows),
            false
        )
    );
}

#[test]
fn a_length_change_needs_no_using_and_a_bare_mysql_varchar_is_a_guess() {
    let short = "diesel::table! { users (id) { id -> Int4, #[max_length = 50] n -> Varchar, } }";
    let long = "diesel::table! { users (id) { id -> Int4, #[max_length = 100] n -> Varchar, } }";
    let (up, down, _) = sql(short, long, &[], Dialect::Postgres);
    assert_eq!(
        up,
        "ALTER TABLE \"users\" ALTER COLUMN \"n\" TYPE VARCHAR(100);\n"
    );
    assert_eq!(
        down,
        "-- REVIEW: narrows 'users.n' from Varchar(100) to Varchar(50): values that do not fit are refused or cut\nALTER TABLE \"users\" ALTER COLUMN \"n\" TYPE VARCHAR(50);\n"
    );
    let bare = "diesel::table! { users (id) { id -> Int4, n -> Varchar, } }";
    let (up, _, _) = sql(short, bare, &[], Dialect::Mysql);
    assert_eq!(
        up,
        "-- REVIEW: 'users.n': schema.rs gives no #[max_length]; MySQL needs one, 255 is a guess\nALTER TABLE `users` MODIFY COLUMN `n` VARCHAR(255) NOT NULL;\n"
    );
}

#[test]
fn a_nullability_change_per_dialect() {
    let not_null = "-- REVIEW: makes 'users.n' NOT NULL: fails if a row holds NULL there (update those rows first)\n";
    assert_eq!(
        sql(USERS_N_NULL, USERS_N_INT4, &[], Dialect::Postgres),
        (
            format!("{not_null}ALTER TABLE \"users\" ALTER COLUMN \"n\" SET NOT NULL;\n"),
            "ALTER TABLE \"users\" ALTER COLUMN \"n\" DROP NOT NULL;\n".into(),
            true
        )
    );
    assert_eq!(
        sql(USERS_N_NULL, USERS_N_INT4, &[], Dialect::Mysql),
        (
            format!("{not_null}ALTER TABLE `users` MODIFY COLUMN `n` INT NOT NULL;\n"),
            "ALTER TABLE `users` MODIFY COLUMN `n` INT;\n".into(),
            true
        )
    );
    assert_eq!(
        sql(USERS_N_NULL, USERS_N_INT4, &[], Dialect::Sqlite),
        (
            users_rebuild("\"n\" INTEGER NOT NULL", not_null),
            users_rebuild("\"n\" INTEGER", ""),
            false
        )
    );
}

#[test]
fn mysql_modify_restates_the_default_and_the_auto_increment() {
    let mut current = tables(USERS_N_NULL);
    current.tables[0]
        .facets
        .defaults
        .push(crate::model::ColumnDefault {
            column: "n".into(),
            expression: "7".into(),
        });
    let (up, _, _) = sql_of(&current, &tables(USERS_N_INT4), &[], Dialect::Mysql);
    assert!(
        up.ends_with("ALTER TABLE `users` MODIFY COLUMN `n` INT NOT NULL DEFAULT 7;\n"),
        "{up}"
    );
    let (up, _, _) = sql(
        USERS,
        "diesel::table! { users (id) { id -> Int8, } }",
        &[],
        Dialect::Mysql,
    );
    assert_eq!(
        up,
        "ALTER TABLE `users` MODIFY COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT;\n"
    );
}

#[test]
fn a_primary_key_change_per_dialect() {
    let (a, ab) = (
        "diesel::table! { m (a) { a -> Int4, b -> Int4, } }",
        "diesel::table! { m (a, b) { a -> Int4, b -> Int4, } }",
    );
    let review = |key: &str| {
        format!(
            "-- REVIEW: changes the primary key of 'm' to ({key}): fails if those values are not unique\n"
        )
    };
    assert_eq!(
        sql(a, ab, &[], Dialect::Postgres).0,
        format!(
            "{}ALTER TABLE \"m\" DROP CONSTRAINT \"m_pkey\", ADD PRIMARY KEY (\"a\", \"b\");\n",
            review("a, b")
        )
    );
    assert_eq!(
        sql(a, ab, &[], Dialect::Mysql).1,
        // A single integer key gets AUTO_INCREMENT, as in a `CREATE TABLE` (a no-op when it kept it).
        format!(
            "{}ALTER TABLE `m` DROP PRIMARY KEY, ADD PRIMARY KEY (`a`), MODIFY COLUMN `a` INT NOT NULL AUTO_INCREMENT;\n",
            review("a")
        )
    );
    assert!(
        sql(a, ab, &[], Dialect::Sqlite).0.contains(&format!(
            "{}CREATE TABLE \"_migrate_new_m\" (\n    \"a\" INTEGER NOT NULL,\n    \"b\" INTEGER NOT NULL,\n    PRIMARY KEY (\"a\", \"b\")\n);\n",
            review("a, b")
        ))
    );
}

#[test]
fn mysql_moves_auto_increment_with_the_primary_key() {
    let (up, down, _) = sql(
        "diesel::table! { m (a) { a -> Int4, b -> Int4, } }",
        "diesel::table! { m (b, a) { a -> Int4, b -> Int4, } }",
        &[],
        Dialect::Mysql,
    );
    let review = |key: &str| {
        format!(
            "-- REVIEW: changes the primary key of 'm' to ({key}): fails if those values are not unique\n"
        )
    };
    assert_eq!(
        up,
        format!(
            "{}ALTER TABLE `m` MODIFY COLUMN `a` INT NOT NULL, DROP PRIMARY KEY, ADD PRIMARY KEY (`b`, `a`);\n",
            review("b, a")
        )
    );
    assert_eq!(
        down,
        format!(
            "{}ALTER TABLE `m` DROP PRIMARY KEY, ADD PRIMARY KEY (`a`), MODIFY COLUMN `a` INT NOT NULL AUTO_INCREMENT;\n",
            review("a")
        )
    );
}
