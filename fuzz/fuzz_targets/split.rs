//! Fuzzes the statement splitter: the first byte picks the dialect, the rest (when UTF-8) is the SQL.
//! The invariants are `migrate_runtime::__split::check`'s, which the property tests in
//! `crates/migrate-runtime/src/split/props.rs` assert too: no code lost, every statement splits alone into
//! itself, and the offline script of the statements splits back into them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use migrate_runtime::Backend;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(sql) = std::str::from_utf8(rest) else {
        return;
    };
    let backend = match first % 3 {
        0 => Backend::Sqlite,
        1 => Backend::Postgres,
        _ => Backend::Mysql,
    };
    migrate_runtime::__split::check(sql, backend);
});
