// A table whose text no longer matches the ranges the macro read (as when a migration file is edited while
// the crate builds): the table's const check fails the build and names the file. The table is written by
// hand, as `embed_migrations!` writes it, since the race cannot be staged in a test.
use migrate_runtime::__private::{EmbeddedTable, check_texts};

const TABLE: EmbeddedTable = EmbeddedTable {
    // id, checksum, path, message, create date, transactional, up, down, names, nodes, lines.
    revisions: &[
        0, 2, 2, 2, 2, 26, 26, 26, 26, 26, 1, 34, 44, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 3, 0,
    ],
    texts: &["-- Revision ID: a1\n\n-- migrate:up\nSELECT 1;\n-- one more line\n"],
    strings: "a1migrations/a1_create.sql",
    names: &[],
    nodes: &[],
    order: &[0],
    by_id: &[0],
    heads: &[0],
};
const _: () = check_texts(&TABLE);

fn main() {}
