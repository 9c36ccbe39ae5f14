//! Statement splitting on the real databases: tricky sections run one statement per call, and their
//! offline script, applied by the database's own client, leaves what the online run leaves.

use migrate_runtime::__split::split_statements;
use migrate_runtime::{Backend, MigrationConnection, Migrator};

use crate::support::{TestDb, fixture, rev};

/// Up sections that trip simple splitters, and how many statements each holds; the checks after them
/// are `(query with a column n, expected n)`.
struct Tricky {
    sections: [(&'static str, usize); 3],
    checks: &'static [(&'static str, i64)],
}

fn tricky(backend: Backend) -> Tricky {
    match backend {
        Backend::Sqlite => Tricky {
            sections: [
                (
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER DEFAULT 0 -- why\n);\nCREATE TABLE c (k INTEGER)\n-- the last statement ends in this comment, with no final semicolon",
                    2,
                ),
                (
                    "INSERT INTO c VALUES (0);CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE c SET k = k + CASE WHEN NEW.id > 0 THEN 1 ELSE 0 END; -- count; it\nEND;\nCREATE TABLE [odd;name] (\"x;y\" INTEGER, `z;w` INTEGER) -- quoted names\n;\nINSERT INTO t (id) VALUES (1);SELECT 1;-- a; b\n",
                    5,
                ),
                (
                    "CREATE VIEW v AS SELECT n, 'x;y' AS s FROM t -- why\n;\nCREATE TABLE event (id INTEGER, begin INTEGER, end INTEGER);\nINSERT INTO event VALUES (1, 2, 3)\n/* trailing; block */",
                    3,
                ),
            ],
            checks: &[
                ("SELECT k AS n FROM c", 1),
                ("SELECT end AS n FROM event", 3),
            ],
        },
        Backend::Postgres => Tricky {
            sections: [
                (
                    "CREATE TABLE t (id int PRIMARY KEY, n int DEFAULT 0, created timestamptz DEFAULT now() -- why\n);\nCREATE TABLE c (k int)\n-- the last statement ends in this comment, with no final semicolon",
                    2,
                ),
                (
                    "INSERT INTO c VALUES (0);CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $body$\nBEGIN\n  UPDATE c SET k = k + 1; -- count; it\n  RETURN NEW;\nEND;\n$body$;\nCREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump() /* nested /* comment; */ ; */\n;\nCREATE TABLE \"odd;name\" (x int); /* a /* b; */ c; */\nALTER TABLE t ADD d timestamptz DEFAULT now() -- why\n;\nINSERT INTO t (id) VALUES (1);SELECT 1;-- a; b\n",
                    7,
                ),
                (
                    "CREATE FUNCTION two() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN true THEN 2 ELSE 0 END;\nEND;\nCREATE TABLE log (v text);\nCREATE RULE r AS ON INSERT TO c DO ALSO (INSERT INTO log VALUES ('a;b'); INSERT INTO log VALUES (E'c\\';d'));\nCREATE TABLE event (id int, begin int);\nINSERT INTO c VALUES (two()) --x; still a comment on PostgreSQL\n",
                    5,
                ),
            ],
            checks: &[
                ("SELECT CAST(SUM(k) AS BIGINT) AS n FROM c", 3),
                (
                    "SELECT COUNT(*) AS n FROM log WHERE v IN ('a;b', 'c'';d')",
                    2,
                ),
            ],
        },
        Backend::Mysql => Tricky {
            sections: [
                (
                    "CREATE TABLE t (id INT PRIMARY KEY, n INT DEFAULT 0, created TIMESTAMP DEFAULT CURRENT_TIMESTAMP -- why\n);\nCREATE TABLE c (k INT)\n-- the last statement ends in this comment, with no final semicolon",
                    2,
                ),
                (
                    "INSERT INTO c VALUES (0);CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN\n  CASE WHEN NEW.id > 0 THEN UPDATE c SET k = k + 1; ELSE UPDATE c SET k = k; END CASE; -- count; it\nEND;\n/*!40101 SET @saved = 'x;y' */;\nCREATE TABLE `odd;name` (x INT); # hash; comment\nALTER TABLE t ADD d DATETIME DEFAULT NOW() -- why\n;\nINSERT INTO t (id) VALUES (1);INSERT INTO c VALUES (1 --1);\nSELECT 2;-- a; b\n",
                    8,
                ),
                (
                    "CREATE TABLE event (id INT, begin INT, end INT);\nINSERT INTO event (begin, end) VALUES (1, 2);\nCREATE PROCEDURE p(x INT) BEGIN\n  DECLARE CONTINUE HANDLER FOR SQLSTATE '23000' BEGIN END;\n  IF x > 0 THEN INSERT INTO c VALUES (CASE WHEN x THEN 10 END); END IF;\n  l1: LOOP LEAVE l1; END LOOP l1;\nEND;\nCALL p(1)",
                    4,
                ),
            ],
            checks: &[
                ("SELECT CAST(SUM(k) AS SIGNED) AS n FROM c", 13),
                ("SELECT CAST(end AS SIGNED) AS n FROM event", 2),
            ],
        },
    }
}

/// Runs `sql` as one call that cannot hold two statements where the driver allows (PostgreSQL's extended
/// protocol); elsewhere as one call.
fn run_one(db: &TestDb, sql: &str) {
    let mut conn = db.conn();
    #[cfg(feature = "postgres")]
    if let migrate_runtime::AnyConnection::Postgres(pg) = &mut conn {
        use diesel::RunQueryDsl;
        diesel::sql_query(sql)
            .execute(pg)
            .unwrap_or_else(|e| panic!("{sql:?} alone fails: {e}"));
        return;
    }
    conn.run_sql(sql)
        .unwrap_or_else(|e| panic!("{sql:?} alone fails: {e}"));
}

/// Every statement of the tricky sections runs as its own call: none is empty or comment-only (MySQL's
/// "Query was empty"), none is two glued together.
pub fn each_statement_runs_alone(backend: Backend) {
    let db = TestDb::new(backend);
    let tricky = tricky(backend);
    for (section, count) in tricky.sections {
        let statements = split_statements(section, backend);
        assert_eq!(statements.len(), count, "{statements:#?}");
        for statement in &statements {
            run_one(&db, statement);
        }
    }
    for (query, n) in tricky.checks {
        assert_eq!(db.number(query), Some(*n), "{query}");
    }
}

fn apply_with_client(db: &TestDb, script: &str) {
    use crate::support::pipe_into_client;
    match db.backend {
        Backend::Sqlite => pipe_into_client("sqlite3", &["-bail", &db.url], script),
        Backend::Postgres => {
            pipe_into_client("psql", &["-q", "-v", "ON_ERROR_STOP=1", &db.url], script);
        }
        Backend::Mysql => {
            let rest = db.url.split_once("://").unwrap().1;
            let (user, rest) = rest.split_once('@').unwrap();
            let (hostport, name) = rest.split_once('/').unwrap();
            let (host, port) = hostport.split_once(':').unwrap_or((hostport, "3306"));
            let name = name.split('?').next().unwrap();
            pipe_into_client(
                "mariadb",
                &["-h", host, "-P", port, "-u", user, name],
                script,
            );
        }
    }
}

/// The offline script of the tricky sections, applied by the database's own client, gives the schema,
/// history rows and data of the online run.
pub fn offline_script_matches_online(backend: Backend) {
    let tricky = tricky(backend);
    let [(a, _), (b, _), (c, _)] = tricky.sections;
    let fx = fixture(&[
        rev("a1", "", "", a, None),
        rev("b2", "a1", "", b, None),
        rev("c3", "b2", "", c, None),
    ]);
    let migrator = Migrator::new(&fx.graph);
    let script = migrator.script_upgrade(backend, &[], "head").unwrap().sql;
    let offline = TestDb::new(backend);
    apply_with_client(&offline, &script);
    let online = TestDb::new(backend);
    Migrator::new(&fx.graph)
        .upgrade(&mut online.conn(), "head")
        .unwrap();
    assert_eq!(offline.schema(), online.schema());
    let history = |db: &TestDb| {
        let mut rows = migrator.history(&mut db.conn()).unwrap();
        for row in &mut rows {
            row.applied_at.clear();
            row.execution_time_ms = 0;
        }
        rows
    };
    assert_eq!(history(&offline), history(&online));
    assert_eq!(history(&offline).len(), 3);
    for (query, n) in tricky.checks {
        assert_eq!(offline.number(query), Some(*n), "{query}\n{script}");
        assert_eq!(online.number(query), Some(*n), "{query}");
    }
}

#[cfg(feature = "sqlite")]
mod sqlite {
    #[test]
    fn each_statement_runs_alone() {
        super::each_statement_runs_alone(migrate_runtime::Backend::Sqlite);
    }

    #[test]
    fn offline_script_matches_online() {
        super::offline_script_matches_online(migrate_runtime::Backend::Sqlite);
    }
}

#[cfg(feature = "postgres")]
mod postgres {
    #[test]
    fn each_statement_runs_alone() {
        super::each_statement_runs_alone(migrate_runtime::Backend::Postgres);
    }

    #[test]
    fn offline_script_matches_online() {
        super::offline_script_matches_online(migrate_runtime::Backend::Postgres);
    }
}

#[cfg(feature = "mysql")]
mod mysql {
    #[test]
    fn each_statement_runs_alone() {
        super::each_statement_runs_alone(migrate_runtime::Backend::Mysql);
    }

    #[test]
    fn offline_script_matches_online() {
        super::offline_script_matches_online(migrate_runtime::Backend::Mysql);
    }
}
