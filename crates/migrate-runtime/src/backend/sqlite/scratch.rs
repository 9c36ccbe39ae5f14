//! SQLite's side of a replay's scratch database: how to tell it is empty and how to empty it (a dev
//! database; SQLite replays otherwise run in memory and never create one).

use crate::backend::ScratchSql;

pub(crate) const SCRATCH: ScratchSql = ScratchSql {
    count_objects: "SELECT COUNT(*) AS n FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%'",
    drop_statements: "SELECT 'DROP ' || upper(type) || ' IF EXISTS \"' || replace(name, '\"', '\"\"') || '\"' AS t FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%'",
    before_drops: "PRAGMA foreign_keys = OFF",
    after_drops: "",
    session: None,
    create_database: |_| String::new(),
    drop_database: |_, _| String::new(),
};
