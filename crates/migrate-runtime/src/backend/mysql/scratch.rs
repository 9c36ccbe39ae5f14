//! MySQL's and MariaDB's side of a replay's scratch database: a temporary database is created with `CREATE
//! DATABASE`; dropping it waits for sessions that use it, so a Ctrl-C handler first ends the replay's
//! session (`KILL <CONNECTION_ID()>`). A dev database is emptied by dropping its tables and views with
//! foreign key checks off.

use crate::backend::ScratchSql;

pub(crate) const SCRATCH: ScratchSql = ScratchSql {
    count_objects: "SELECT CAST(COUNT(*) AS SIGNED) AS n FROM information_schema.tables WHERE table_schema = DATABASE()",
    drop_statements: "SELECT CONCAT('DROP ', IF(table_type = 'VIEW', 'VIEW', 'TABLE'), ' `', REPLACE(table_name, '`', '``'), '`') AS t FROM information_schema.tables WHERE table_schema = DATABASE()",
    before_drops: "SET FOREIGN_KEY_CHECKS = 0",
    after_drops: "SET FOREIGN_KEY_CHECKS = 1",
    session: Some("SELECT CAST(CONNECTION_ID() AS CHAR) AS t"),
    create_database: |name| format!("CREATE DATABASE {name}"),
    drop_database: |name, session| match session {
        Some(id) => format!("KILL {id}; DROP DATABASE IF EXISTS {name}"),
        None => format!("DROP DATABASE IF EXISTS {name}"),
    },
};
