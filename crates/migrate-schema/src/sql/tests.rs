//! Unit tests of the SQL writers: the exact SQL per operation per dialect.

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
        format!(
            "{}ALTER TABLE `m` DROP PRIMARY KEY, ADD PRIMARY KEY (`a`);\n",
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

const POSTS_USERS: &str = "
diesel::table! { posts (id) { id -> Int4, user_id -> Int4, } }
diesel::table! { users (id) { id -> Int4, } }
";

#[test]
fn a_foreign_key_on_existing_tables_per_dialect() {
    let wanted = format!("{POSTS_USERS}diesel::joinable!(posts -> users (user_id));");
    assert_eq!(
        sql(POSTS_USERS, &wanted, &[], Dialect::Postgres),
        (
            "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_user_id_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\");\n".into(),
            "ALTER TABLE \"posts\" DROP CONSTRAINT \"posts_user_id_fkey\";\n".into(),
            true
        )
    );
    assert_eq!(
        sql(POSTS_USERS, &wanted, &[], Dialect::Mysql),
        (
            "ALTER TABLE `posts` ADD CONSTRAINT `posts_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`);\n".into(),
            "ALTER TABLE `posts` DROP FOREIGN KEY `posts_user_id_fkey`;\n".into(),
            true
        )
    );
    let (up, _, _) = sql(POSTS_USERS, &wanted, &[], Dialect::Sqlite);
    assert!(up.contains("    PRIMARY KEY (\"id\"),\n    FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\")\n);\nINSERT INTO \"_migrate_new_posts\" (\"id\", \"user_id\") SELECT \"id\", \"user_id\" FROM \"posts\";\n"), "{up}");
}

const CYCLE: &str = "
diesel::table! { a (id) { id -> Int4, b_id -> Nullable<Int4>, } }
diesel::table! { b (id) { id -> Int4, a_id -> Nullable<Int4>, } }
diesel::joinable!(a -> b (b_id));
diesel::joinable!(b -> a (a_id));
";

#[test]
fn a_cycle_adds_one_key_after_both_tables_except_on_sqlite() {
    let (up, down, _) = sql("", CYCLE, &[], Dialect::Postgres);
    assert_eq!(
        up,
        "CREATE TABLE \"a\" (
    \"id\" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY,
    \"b_id\" INTEGER,
    PRIMARY KEY (\"id\")
);
CREATE TABLE \"b\" (
    \"id\" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY,
    \"a_id\" INTEGER,
    PRIMARY KEY (\"id\"),
    CONSTRAINT \"b_a_id_fkey\" FOREIGN KEY (\"a_id\") REFERENCES \"a\" (\"id\")
);
ALTER TABLE \"a\" ADD CONSTRAINT \"a_b_id_fkey\" FOREIGN KEY (\"b_id\") REFERENCES \"b\" (\"id\");
"
    );
    assert_eq!(
        down,
        "ALTER TABLE \"a\" DROP CONSTRAINT \"a_b_id_fkey\";
-- REVIEW: drops table 'b' and every row in it
DROP TABLE \"b\";
-- REVIEW: drops table 'a' and every row in it
DROP TABLE \"a\";
"
    );
    let (up, down, transactional) = sql("", CYCLE, &[], Dialect::Sqlite);
    assert_eq!(
        up,
        framed(
            "CREATE TABLE \"a\" (
    \"id\" INTEGER NOT NULL,
    \"b_id\" INTEGER,
    PRIMARY KEY (\"id\"),
    FOREIGN KEY (\"b_id\") REFERENCES \"b\" (\"id\")
);
CREATE TABLE \"b\" (
    \"id\" INTEGER NOT NULL,
    \"a_id\" INTEGER,
    PRIMARY KEY (\"id\"),
    FOREIGN KEY (\"a_id\") REFERENCES \"a\" (\"id\")
);
"
        )
    );
    assert_eq!(
        down,
        framed(
            "-- REVIEW: drops table 'b' and every row in it
DROP TABLE \"b\";
-- REVIEW: drops table 'a' and every row in it
DROP TABLE \"a\";
"
        )
    );
    assert!(!transactional);
    let (up, _, _) = sql("", CYCLE, &[], Dialect::Mysql);
    assert!(up.ends_with(
        "ALTER TABLE `a` ADD CONSTRAINT `a_b_id_fkey` FOREIGN KEY (`b_id`) REFERENCES `b` (`id`);\n"
    ));
}

#[test]
fn renames_per_dialect() {
    let current = "diesel::table! { users (id) { id -> Int4, name -> Text, } }";
    let wanted = "diesel::table! { people (id) { id -> Int4, full_name -> Text, } }";
    let renames = ["users=people", "users.name=full_name"];
    assert_eq!(
        sql(current, wanted, &renames, Dialect::Postgres),
        (
            "ALTER TABLE \"users\" RENAME TO \"people\";\nALTER TABLE \"people\" RENAME COLUMN \"name\" TO \"full_name\";\n".into(),
            "ALTER TABLE \"people\" RENAME COLUMN \"full_name\" TO \"name\";\nALTER TABLE \"people\" RENAME TO \"users\";\n".into(),
            true
        )
    );
    assert_eq!(
        sql(current, wanted, &renames, Dialect::Mysql).0,
        "RENAME TABLE `users` TO `people`;\nALTER TABLE `people` RENAME COLUMN `name` TO `full_name`;\n"
    );
    assert_eq!(
        sql(current, wanted, &renames, Dialect::Sqlite).0,
        "ALTER TABLE \"users\" RENAME TO \"people\";\nALTER TABLE \"people\" RENAME COLUMN \"name\" TO \"full_name\";\n"
    );
}

#[test]
fn an_unconfirmed_rename_is_a_drop_and_an_add_with_a_review() {
    let current = "diesel::table! { users (id) { id -> Int4, name -> Text, } }";
    let wanted = "diesel::table! { users (id) { id -> Int4, full_name -> Text, } }";
    let (up, _, _) = sql(current, wanted, &[], Dialect::Postgres);
    assert_eq!(
        up,
        "-- REVIEW: possible rename of 'users.name' to 'users.full_name': if so, generate again with --rename users.name=full_name
-- REVIEW: adds NOT NULL column 'users.full_name' without a default: fails if the table has rows
ALTER TABLE \"users\" ADD COLUMN \"full_name\" TEXT NOT NULL;
-- REVIEW: drops column 'users.name' and its values
ALTER TABLE \"users\" DROP COLUMN \"name\";
"
    );
}

#[test]
fn a_postgres_schema_comes_before_its_tables_and_goes_after_them() {
    let wanted = "pub mod billing { diesel::table! { billing.invoices (id) { id -> Int4, } } }";
    let (up, down, _) = sql("", wanted, &[], Dialect::Postgres);
    assert_eq!(
        up,
        "CREATE SCHEMA \"billing\";\nCREATE TABLE \"billing\".\"invoices\" (\n    \"id\" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY,\n    PRIMARY KEY (\"id\")\n);\n"
    );
    assert_eq!(
        down,
        "-- REVIEW: drops table 'billing.invoices' and every row in it\nDROP TABLE \"billing\".\"invoices\";\nDROP SCHEMA \"billing\";\n"
    );
    let (current, wanted) = (tables(""), tables(wanted));
    let error = render(
        &current,
        &diff(&current, &wanted, &Renames::new()),
        Dialect::Sqlite,
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot write 'Detected added schema 'billing'' for sqlite: SQLite has no schemas"
    );
}

#[test]
fn a_sqlite_drop_column_rebuilds_when_an_index_covers_it_and_recreates_the_others() {
    let current_text =
        "diesel::table! { users (id) { id -> Int4, a -> Nullable<Int4>, b -> Nullable<Int4>, } }";
    let mut current = tables(current_text);
    for column in ["a", "b"] {
        current.tables[0].facets.indexes.push(Index {
            name: format!("users_{column}_idx"),
            columns: vec![column.into()],
            unique: false,
            definition: Some(format!(
                "CREATE INDEX users_{column}_idx ON users ({column})"
            )),
        });
    }
    let wanted = tables("diesel::table! { users (id) { id -> Int4, a -> Nullable<Int4>, } }");
    let (up, down, _) = sql_of(&current, &wanted, &[], Dialect::Sqlite);
    assert_eq!(
        up,
        framed(
            "-- SQLite cannot ALTER this: rebuild 'users' (new table, copy the rows, drop the old one, rename, recreate its indexes and triggers)
-- REVIEW: drops column 'users.b' and its values
CREATE TABLE \"_migrate_new_users\" (
    \"id\" INTEGER NOT NULL,
    \"a\" INTEGER,
    PRIMARY KEY (\"id\")
);
INSERT INTO \"_migrate_new_users\" (\"id\", \"a\") SELECT \"id\", \"a\" FROM \"users\";
DROP TABLE \"users\";
ALTER TABLE \"_migrate_new_users\" RENAME TO \"users\";
-- REVIEW: index users_b_idx of 'users' is not recreated: a column it covers is gone
CREATE INDEX users_a_idx ON users (a);
"
        )
    );
    // Coming back, the column is added natively (nothing names it yet); its index is not restored, since
    // the facets of a dropped column are gone with it.
    assert_eq!(
        down,
        framed("ALTER TABLE \"users\" ADD COLUMN \"b\" INTEGER;\n")
    );
}

#[test]
fn type_aliases_and_facets_are_no_change() {
    let mut current =
        tables("diesel::table! { users (id) { id -> Int4, n -> Nullable<Varchar>, b -> Bytea, } }");
    current.tables[0]
        .facets
        .defaults
        .push(crate::model::ColumnDefault {
            column: "n".into(),
            expression: "'x'".into(),
        });
    let wanted = tables(
        "diesel::table! { users (id) { id -> Integer, n -> Nullable<Text>, b -> Binary, } }",
    );
    assert!(diff(&current, &wanted, &Renames::new()).is_empty());
}

const MOODS: &str = "
pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = \"mood\"))]
    pub struct Mood;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Mood;

    users (id) {
        id -> Int4,
        mood -> Nullable<Mood>,
    }
}
";

#[test]
fn a_new_postgres_type_is_created_empty_with_a_review() {
    let (up, down, _) = sql(USERS, MOODS, &[], Dialect::Postgres);
    assert_eq!(
        up,
        "-- REVIEW: schema.rs does not hold the values of type 'mood': list them in this CREATE TYPE before upgrading
CREATE TYPE \"mood\" AS ENUM ();
ALTER TABLE \"users\" ADD COLUMN \"mood\" \"mood\";
"
    );
    assert_eq!(
        down,
        "-- REVIEW: drops column 'users.mood' and its values
ALTER TABLE \"users\" DROP COLUMN \"mood\";
-- REVIEW: drops type 'mood'; the drop fails while a column still uses it
DROP TYPE \"mood\";
"
    );
}
