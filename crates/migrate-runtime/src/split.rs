//! Splitting a migration section into statements, so each runs on its own and a failure names its statement.
//!
//! The splitter knows enough SQL lexing to find the semicolons that end statements: `'...'` strings (with
//! `''` escapes; backslash escapes on MySQL and in PostgreSQL `E'...'`), `"..."` and `` `...` `` quoted
//! identifiers, `--` and `/* */` comments (and `#` comments on MySQL), PostgreSQL `$tag$ ... $tag$` dollar
//! quotes, and the `BEGIN ... END` bodies of `CREATE TRIGGER`/`PROCEDURE`/`FUNCTION`/`EVENT` (SQLite and
//! MySQL), inside which semicolons do not end the statement.

use crate::connection::Backend;

/// Splits `sql` into statements (trimmed, without the final `;`), dropping parts that hold only comments.
pub fn split_statements(sql: &str, backend: Backend) -> Vec<String> {
    let mut splitter = Splitter {
        src: sql,
        bytes: sql.as_bytes(),
        backend,
        pos: 0,
        start: 0,
        out: Vec::new(),
    };
    splitter.run();
    splitter.out
}

struct Splitter<'a> {
    src: &'a str,
    bytes: &'a [u8],
    backend: Backend,
    pos: usize,
    start: usize,
    out: Vec<String>,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

impl Splitter<'_> {
    fn run(&mut self) {
        // Per statement: its first words (to recognise routines) and the BEGIN/CASE ... END depth.
        let mut words: Vec<String> = Vec::new();
        let mut depth: usize = 0;
        let mut has_code = false;
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            let next = self.bytes.get(self.pos + 1).copied();
            match b {
                b'-' if next == Some(b'-') => self.skip_line(),
                b'#' if self.backend == Backend::Mysql => self.skip_line(),
                b'/' if next == Some(b'*') => self.skip_block_comment(),
                b'\'' => {
                    has_code = true;
                    let backslash = self.backend == Backend::Mysql || self.e_prefix();
                    self.skip_quoted(b'\'', backslash);
                }
                b'"' | b'`' => {
                    has_code = true;
                    self.skip_quoted(b, self.backend == Backend::Mysql && b == b'"');
                }
                b'$' if self.backend == Backend::Postgres && self.dollar_quote() => has_code = true,
                b';' if depth == 0 => {
                    self.finish(self.pos, has_code);
                    self.pos += 1;
                    self.start = self.pos;
                    words.clear();
                    has_code = false;
                }
                _ if is_ident(b) && (self.pos == 0 || !is_ident(self.bytes[self.pos - 1])) => {
                    has_code = true;
                    let word_start = self.pos;
                    while self.pos < self.bytes.len() && is_ident(self.bytes[self.pos]) {
                        self.pos += 1;
                    }
                    let word = self.src[word_start..self.pos].to_ascii_uppercase();
                    let routine = words.first().is_some_and(|w| w == "CREATE")
                        && words.iter().take(8).any(|w| {
                            matches!(w.as_str(), "TRIGGER" | "PROCEDURE" | "FUNCTION" | "EVENT")
                        });
                    if routine {
                        match word.as_str() {
                            "BEGIN" | "CASE" => depth += 1,
                            "END" => {
                                let after = self.peek_word();
                                if !matches!(after.as_str(), "IF" | "LOOP" | "WHILE" | "REPEAT") {
                                    depth = depth.saturating_sub(1);
                                }
                            }
                            _ => {}
                        }
                    }
                    if words.len() < 8 {
                        words.push(word);
                    }
                    continue;
                }
                _ => {
                    if !b.is_ascii_whitespace() {
                        has_code = true;
                    }
                }
            }
            self.pos += 1;
        }
        self.finish(self.bytes.len(), has_code);
    }

    fn finish(&mut self, end: usize, has_code: bool) {
        let text = self.src[self.start..end.min(self.bytes.len())].trim();
        if has_code && !text.is_empty() {
            self.out.push(text.to_owned());
        }
    }

    /// Leaves `pos` on the last byte of the line (the loop then steps past it).
    fn skip_line(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    fn skip_block_comment(&mut self) {
        self.pos += 2;
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos] == b'*' && self.bytes.get(self.pos + 1) == Some(&b'/') {
                self.pos += 1;
                return;
            }
            self.pos += 1;
        }
    }

    /// Whether the quote at `pos` opens a PostgreSQL `E'...'` string.
    fn e_prefix(&self) -> bool {
        self.backend == Backend::Postgres
            && self.pos >= 1
            && matches!(self.bytes[self.pos - 1], b'e' | b'E')
            && (self.pos < 2 || !is_ident(self.bytes[self.pos - 2]))
    }

    /// Leaves `pos` on the closing quote.
    fn skip_quoted(&mut self, quote: u8, backslash: bool) {
        self.pos += 1;
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            if backslash && b == b'\\' {
                self.pos += 2;
                continue;
            }
            if b == quote {
                if self.bytes.get(self.pos + 1) == Some(&quote) {
                    self.pos += 2;
                    continue;
                }
                return;
            }
            self.pos += 1;
        }
    }

    /// At a `$`: if it opens a dollar quote, moves `pos` to the last byte of the closing tag.
    fn dollar_quote(&mut self) -> bool {
        if self.pos > 0 && is_ident(self.bytes[self.pos - 1]) {
            return false;
        }
        let rest = &self.src[self.pos + 1..];
        let tag_len = rest
            .bytes()
            .take_while(|&b| b.is_ascii_alphanumeric() || b == b'_')
            .count();
        if rest.as_bytes().get(tag_len) != Some(&b'$')
            || rest.as_bytes().first().is_some_and(u8::is_ascii_digit)
        {
            return false;
        }
        let tag = &self.src[self.pos..self.pos + tag_len + 2];
        let body_start = self.pos + tag.len();
        match self.src[body_start..].find(tag) {
            Some(found) => self.pos = body_start + found + tag.len() - 1,
            None => self.pos = self.bytes.len() - 1,
        }
        true
    }

    fn peek_word(&self) -> String {
        let rest = &self.src[self.pos..];
        let rest = rest.trim_start();
        rest.bytes()
            .take_while(|&b| is_ident(b))
            .map(|b| b.to_ascii_uppercase() as char)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(sql: &str, backend: Backend) -> Vec<String> {
        split_statements(sql, backend)
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
}
