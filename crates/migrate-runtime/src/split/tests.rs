use super::*;
use Backend::{Mysql, Postgres, Sqlite};

const ALL: [Backend; 3] = [Sqlite, Postgres, Mysql];

fn split(sql: &str, backend: Backend) -> Vec<String> {
    let statements = split_statements(sql, backend);
    check(sql, backend);
    statements
}

#[test]
fn plain_statements_and_comments() {
    let sql = "-- a comment; not a statement\nCREATE TABLE a (x INT); /* ; */ INSERT INTO a VALUES (1);\n\n-- trailing\n";
    assert_eq!(
        split(sql, Backend::Sqlite),
        [
            "-- a comment; not a statement\nCREATE TABLE a (x INT)",
            "/* ; */ INSERT INTO a VALUES (1)"
        ]
    );
    assert_eq!(split("SELECT 1", Backend::Sqlite), ["SELECT 1"]);
    assert!(split("-- only\n/* comments */\n;;", Backend::Sqlite).is_empty());
}

#[test]
fn quotes() {
    let sql = "INSERT INTO t VALUES ('a;b', 'it''s;'); SELECT \"x;y\", `z;w` FROM t;";
    assert_eq!(
        split(sql, Backend::Sqlite),
        [
            "INSERT INTO t VALUES ('a;b', 'it''s;')",
            "SELECT \"x;y\", `z;w` FROM t"
        ]
    );
    // MySQL: backslash escapes and # comments.
    let sql = "INSERT INTO t VALUES ('a\\';b'); # c; d\nSELECT 2;";
    assert_eq!(
        split(sql, Backend::Mysql),
        ["INSERT INTO t VALUES ('a\\';b')", "# c; d\nSELECT 2"]
    );
    // PostgreSQL: a backslash is literal in standard strings, an escape in E'' strings.
    assert_eq!(
        split("SELECT 'a\\'; SELECT E'b\\';c';", Backend::Postgres),
        ["SELECT 'a\\'", "SELECT E'b\\';c'"]
    );
}

#[test]
fn dollar_quotes() {
    let sql = "CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN\n  NEW.x := 1; RETURN NEW;\nEND;\n$body$ LANGUAGE plpgsql;\nCREATE TABLE t (a INT);\nSELECT $$a;b$$, $1;";
    assert_eq!(
        split(sql, Backend::Postgres),
        [
            "CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN\n  NEW.x := 1; RETURN NEW;\nEND;\n$body$ LANGUAGE plpgsql",
            "CREATE TABLE t (a INT)",
            "SELECT $$a;b$$, $1"
        ]
    );
}

#[test]
fn trigger_bodies() {
    let sql = "CREATE TRIGGER tr AFTER INSERT ON a FOR EACH ROW BEGIN\n  INSERT INTO b VALUES (CASE WHEN NEW.x > 0 THEN 1 ELSE 0 END);\n  UPDATE c SET n = n + 1;\nEND;\nINSERT INTO a VALUES (1);";
    assert_eq!(
        split(sql, Backend::Sqlite),
        [
            "CREATE TRIGGER tr AFTER INSERT ON a FOR EACH ROW BEGIN\n  INSERT INTO b VALUES (CASE WHEN NEW.x > 0 THEN 1 ELSE 0 END);\n  UPDATE c SET n = n + 1;\nEND",
            "INSERT INTO a VALUES (1)"
        ]
    );
    let sql = "CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN\n  IF 1 THEN SELECT 1; END IF;\n  WHILE 0 DO SELECT 2; END WHILE;\nEND;\nCALL p();";
    assert_eq!(
        split(sql, Backend::Mysql),
        [
            "CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN\n  IF 1 THEN SELECT 1; END IF;\n  WHILE 0 DO SELECT 2; END WHILE;\nEND",
            "CALL p()"
        ]
    );
    // BEGIN outside a routine is an ordinary statement.
    assert_eq!(
        split("BEGIN; SELECT 1; COMMIT;", Backend::Sqlite),
        ["BEGIN", "SELECT 1", "COMMIT"]
    );
}

#[test]
fn the_byte_after_a_semicolon_is_lexed() {
    for backend in ALL {
        assert_eq!(
            split("SELECT 1;-- a; b\nSELECT 2", backend),
            ["SELECT 1", "-- a; b\nSELECT 2"],
            "{backend}"
        );
        assert_eq!(
            split("SELECT 1;/* a; */SELECT 2;'x;y'", backend),
            ["SELECT 1", "/* a; */SELECT 2", "'x;y'"],
            "{backend}"
        );
    }
    assert_eq!(
        split(
            "SELECT 1;CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;SELECT 2",
            Sqlite
        ),
        [
            "SELECT 1",
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
            "SELECT 2"
        ]
    );
    assert_eq!(
        split(
            "SELECT 1;CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END;SELECT 2",
            Mysql
        ),
        [
            "SELECT 1",
            "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END",
            "SELECT 2"
        ]
    );
    assert_eq!(
        split("SELECT 1;$$a;b$$;SELECT 2", Postgres),
        ["SELECT 1", "$$a;b$$", "SELECT 2"]
    );
}

#[test]
fn whitespace_is_the_dialects_own() {
    // U+00A0 and U+2028 are identifier characters to all three: code, kept, never trimmed away.
    for backend in ALL {
        assert_eq!(
            split("SELECT 1;\u{a0}-- c\n", backend),
            ["SELECT 1", "\u{a0}-- c"],
            "{backend}"
        );
        assert_eq!(
            split("SELECT 1 \u{2028};SELECT 2", backend),
            ["SELECT 1 \u{2028}", "SELECT 2"],
            "{backend}"
        );
        assert_eq!(split("\t\n\x0c\r;SELECT 1\r\n", backend), ["SELECT 1"]);
    }
    // U+000B (vertical tab) is whitespace to MySQL only; SQLite and PostgreSQL 15 reject it as code.
    assert_eq!(split("-- c\n\x0b;SELECT 1", Mysql), ["SELECT 1"]);
    assert_eq!(split("SELECT 1\x0b;", Mysql), ["SELECT 1"]);
    for backend in [Sqlite, Postgres] {
        assert_eq!(
            split("-- c\n\x0b;SELECT 1", backend),
            ["-- c\n\x0b", "SELECT 1"]
        );
    }
}

#[test]
fn mysql_compound_statements_end_where_they_close() {
    let procedure = "CREATE PROCEDURE p(x INT) BEGIN\n  CASE x WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE;\n  IF x THEN SELECT 3; ELSEIF x > 1 THEN SELECT 4; END IF;\n  l1: LOOP LEAVE l1; END LOOP l1;\n  WHILE x < 0 DO SET x = x + 1; END WHILE;\n  REPEAT SET x = x - 1; UNTIL x < 0 END REPEAT;\n  SELECT CASE WHEN x THEN IF(x, 1, 2) ELSE REPEAT('a', 2) END;\nEND";
    assert_eq!(
        split(&format!("{procedure};\nSELECT 5;"), Mysql),
        [procedure, "SELECT 5"]
    );
    let handler = "CREATE PROCEDURE p() BEGIN\n  DECLARE done INT DEFAULT 0;\n  DECLARE CONTINUE HANDLER FOR SQLSTATE '23000', NOT FOUND BEGIN SET done = 1; END;\n  DECLARE EXIT HANDLER FOR SQLEXCEPTION IF done THEN SELECT 1; END IF;\n  SELECT done;\nEND";
    assert_eq!(
        split(&format!("{handler};SELECT 6"), Mysql),
        [handler, "SELECT 6"]
    );
    let function = "CREATE DEFINER = CURRENT_USER() FUNCTION f(x INT) RETURNS VARCHAR(10) CHARSET utf8mb4 DETERMINISTIC\nBEGIN\n  DECLARE r VARCHAR(10);\n  SET r = CASE x WHEN 1 THEN 'one' ELSE 'many' END;\n  RETURN r;\nEND";
    assert_eq!(
        split(&format!("{function};\nSELECT f(1);"), Mysql),
        [function, "SELECT f(1)"]
    );
    // Simple bodies end at the first `;`.
    let simple = "CREATE FUNCTION g(x INT) RETURNS INT DETERMINISTIC RETURN CASE WHEN x THEN 1 END;\nCREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = IF(NEW.b, 1, 2);\nCREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t;\nSELECT 7";
    assert_eq!(split(simple, Mysql).len(), 4);
    let event = "CREATE OR REPLACE DEFINER='root'@'localhost' EVENT IF NOT EXISTS e ON SCHEDULE EVERY 1 DAY STARTS '2024-01-01' ENDS '2025-01-01' DO BEGIN DELETE FROM t; INSERT INTO t VALUES (1); END";
    assert_eq!(
        split(&format!("{event};SELECT 8"), Mysql),
        [event, "SELECT 8"]
    );
    let trigger = "CREATE TRIGGER t2 AFTER UPDATE ON t FOR EACH ROW FOLLOWS t1 lbl: BEGIN\n  INSERT INTO log (begin, end) VALUES (NEW.a, NEW.b);\n  IF NEW.a THEN LEAVE lbl; END IF;\nEND lbl";
    assert_eq!(
        split(&format!("{trigger};SELECT 9"), Mysql),
        [trigger, "SELECT 9"]
    );
    // MariaDB runs compound statements outside routines too; a plain BEGIN is a transaction.
    let block = "BEGIN NOT ATOMIC\n  IF 1 THEN SELECT 1; END IF;\n  SELECT 2;\nEND";
    assert_eq!(
        split(
            &format!("{block};\nBEGIN;\nIF 1 THEN SELECT 3; END IF;\nCOMMIT"),
            Mysql
        ),
        [block, "BEGIN", "IF 1 THEN SELECT 3; END IF", "COMMIT"]
    );
}

#[test]
fn mysql_executable_comments_are_code() {
    let sql = "/*!40101 SET NAMES utf8mb4 */;\n/*!50001 CREATE VIEW v AS SELECT 1 */;\n/*M!100100 SELECT 2 */;\n/* plain */;\nSELECT 3";
    assert_eq!(
        split(sql, Mysql),
        [
            "/*!40101 SET NAMES utf8mb4 */",
            "/*!50001 CREATE VIEW v AS SELECT 1 */",
            "/*M!100100 SELECT 2 */",
            "SELECT 3"
        ]
    );
    // What mysqldump writes for a trigger (with its own DELIMITER, which migrate does not need).
    let trigger = "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = '*/'; END */";
    assert_eq!(
        split(&format!("{trigger};\nSELECT 4"), Mysql),
        [trigger, "SELECT 4"]
    );
    // A `;` inside one ends the statement (as the server and the client read it); the part that only closes
    // it is kept, so the offline script lexes what follows the same (found by the fuzz target).
    assert_eq!(
        split("/*!1 a; */; */; SELECT 5", Mysql),
        ["/*!1 a", "*/", "*/", "SELECT 5"]
    );
    assert_eq!(
        split(
            "/*!40101 SET @a = 1; SET @b = 2 */; /*!40101 */; SELECT 6",
            Mysql
        ),
        ["/*!40101 SET @a = 1", "SET @b = 2 */", "SELECT 6"]
    );
    // Elsewhere they are comments.
    for backend in [Sqlite, Postgres] {
        assert!(split("/*!40101 SET NAMES utf8mb4 */;", backend).is_empty());
    }
}

#[test]
fn block_comments_nest_on_postgres_only() {
    let sql = "SELECT 1; /* a /* b; */ c; */ SELECT 2; /* /* */ */";
    assert_eq!(
        split(sql, Postgres),
        ["SELECT 1", "/* a /* b; */ c; */ SELECT 2"]
    );
    for backend in [Sqlite, Mysql] {
        assert_eq!(
            split(sql, backend),
            ["SELECT 1", "/* a /* b; */ c", "*/ SELECT 2", "/* /* */ */"],
            "{backend}"
        );
    }
}

#[test]
fn quoted_identifiers_are_the_dialects_own() {
    assert_eq!(
        split("CREATE TABLE [a;b] (x);SELECT `c;d`, \"e;f\"", Sqlite),
        ["CREATE TABLE [a;b] (x)", "SELECT `c;d`, \"e;f\""]
    );
    // Brackets quote nothing on MySQL, backticks nothing on PostgreSQL (psql splits there too).
    assert_eq!(split("SELECT [a;b]", Mysql), ["SELECT [a", "b]"]);
    assert_eq!(split("SELECT `a;b`", Postgres), ["SELECT `a", "b`"]);
    assert_eq!(
        split("SELECT `a``;b`;SELECT 1", Mysql),
        ["SELECT `a``;b`", "SELECT 1"]
    );
    // Backslashes escape in MySQL strings (both quotes), not in identifiers.
    assert_eq!(
        split("SELECT \"a\\\";b\", `c\\`;SELECT 1", Mysql),
        ["SELECT \"a\\\";b\", `c\\`", "SELECT 1"]
    );
}

#[test]
fn mysql_dash_dash_needs_a_space() {
    assert_eq!(
        split("SELECT 1 --1;\nSELECT 2 --\tx; y\n;SELECT 3 --", Mysql),
        ["SELECT 1 --1", "SELECT 2 --\tx; y", "SELECT 3 --"]
    );
    for backend in [Sqlite, Postgres] {
        assert_eq!(
            split("SELECT 1 --1;\nSELECT 2", backend),
            ["SELECT 1 --1;\nSELECT 2"],
            "{backend}"
        );
    }
    // PostgreSQL ends a line comment at a carriage return too.
    assert_eq!(
        split("SELECT 1 --c\r;SELECT 2", Postgres),
        ["SELECT 1 --c", "SELECT 2"]
    );
    assert_eq!(
        split("SELECT 1 --c\r;SELECT 2", Sqlite),
        ["SELECT 1 --c\r;SELECT 2"]
    );
}

#[test]
fn words_named_like_routines_open_nothing() {
    let sql = "CREATE TABLE event (id INT, begin INT, end INT);\nINSERT INTO event (begin) VALUES (1);\nCREATE TABLE trigger_log (begin INT);\nSELECT 3";
    for backend in ALL {
        assert_eq!(split(sql, backend).len(), 4, "{backend}");
    }
    assert_eq!(
        split(
            "CREATE TRIGGER tr BEFORE INSERT ON begin FOR EACH ROW SET NEW.begin = 1;\nSELECT 1",
            Mysql
        )
        .len(),
        2
    );
    // SQLite and PostgreSQL event triggers.
    assert_eq!(
        split(
            "CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f();\nSELECT 1",
            Postgres
        )
        .len(),
        2
    );
}

#[test]
fn postgres_parentheses_and_begin_atomic() {
    let rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))";
    assert_eq!(
        split(&format!("{rule};SELECT 1"), Postgres),
        [rule, "SELECT 1"]
    );
    let function = "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n  SELECT a;\nEND";
    assert_eq!(
        split(&format!("{function};\nSELECT f(1);"), Postgres),
        [function, "SELECT f(1)"]
    );
    let procedure = "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END";
    assert_eq!(
        split(&format!("{procedure};CALL p()"), Postgres),
        [procedure, "CALL p()"]
    );
    // Outside such a statement BEGIN is a transaction, CASE an expression.
    assert_eq!(
        split("BEGIN; SELECT CASE WHEN true THEN 1 END; COMMIT", Postgres),
        ["BEGIN", "SELECT CASE WHEN true THEN 1 END", "COMMIT"]
    );
}

#[test]
fn statements_the_database_treats_as_one_stay_one() {
    assert_eq!(
        split(
            "SELECT $é$ a; $$ ; $é$, $a$$b$$a$, 'it''s; x', \"a;\"\"b\";SELECT E'\\\\';SELECT 2",
            Postgres
        ),
        [
            "SELECT $é$ a; $$ ; $é$, $a$$b$$a$, 'it''s; x', \"a;\"\"b\"",
            "SELECT E'\\\\'",
            "SELECT 2"
        ]
    );
    // `foo$$` is one identifier, and `x$1` too: no dollar quote opens.
    assert_eq!(
        split("SELECT foo$$;SELECT 1", Postgres),
        ["SELECT foo$$", "SELECT 1"]
    );
    assert_eq!(
        split("SELECT 'a\\\\';SELECT 'b\\';c'", Mysql),
        ["SELECT 'a\\\\'", "SELECT 'b\\';c'"]
    );
    // SQLite triggers end at `; END ;`, whatever CASE ... END they hold.
    let trigger = "CREATE TEMP TRIGGER tr AFTER UPDATE OF begin ON t BEGIN\n  UPDATE c SET end = CASE WHEN NEW.x THEN 1 END;\n  SELECT ';';\nEND";
    assert_eq!(
        split(&format!("{trigger};SELECT 1"), Sqlite),
        [trigger, "SELECT 1"]
    );
}

#[test]
fn scripts_put_the_semicolon_where_the_client_sees_it() {
    for backend in ALL {
        assert_eq!(
            render_statement(
                "ALTER TABLE t ADD ts TIMESTAMP DEFAULT now() -- why",
                backend
            ),
            "ALTER TABLE t ADD ts TIMESTAMP DEFAULT now() -- why\n;\n"
        );
        assert_eq!(
            render_statement("CREATE TABLE t (a INT -- why\n)", backend),
            "CREATE TABLE t (a INT -- why\n);\n"
        );
        assert_eq!(
            render_statement("SELECT 1 /* c */", backend),
            "SELECT 1 /* c */;\n"
        );
    }
    assert_eq!(
        render_statement("SELECT 1 # why", Mysql),
        "SELECT 1 # why\n;\n"
    );
    assert_eq!(render_statement("SELECT 1 #x", Postgres), "SELECT 1 #x;\n");
    assert_eq!(render_statement("SELECT 1 --x", Mysql), "SELECT 1 --x;\n");
    assert_eq!(
        render_statement("CREATE PROCEDURE p() BEGIN SELECT 1; END -- done", Mysql),
        "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END -- done\n//\nDELIMITER ;\n"
    );
    assert_eq!(
        render_statement("CREATE PROCEDURE p() BEGIN SELECT '//'; END", Mysql),
        "DELIMITER ///\nCREATE PROCEDURE p() BEGIN SELECT '//'; END\n///\nDELIMITER ;\n"
    );
}
