//! When a top-level `;` ends a statement: per dialect, fed the statement's tokens that are not trivia.

use super::lex::{Kind, Lexer, Token};
use super::mysql::Mysql;
use crate::backend::Backend;

pub(crate) enum Rules {
    Sqlite(Sqlite),
    Postgres(Postgres),
    Mysql(Box<Mysql>),
}

impl Rules {
    /// The rules `backend` splits by (each backend's module in `backend/` says which).
    pub(crate) fn new(backend: Backend) -> Rules {
        backend.dialect().split_rules()
    }

    /// SQLite's: `sqlite3_complete()`'s trigger rule.
    pub(crate) fn sqlite() -> Rules {
        Rules::Sqlite(Sqlite { state: START })
    }

    /// PostgreSQL's: `psql`'s parentheses and routine bodies.
    pub(crate) fn postgres() -> Rules {
        Rules::Postgres(Postgres::default())
    }

    /// MySQL's and MariaDB's: the compound-statement grammar.
    pub(crate) fn mysql() -> Rules {
        Rules::Mysql(Box::default())
    }

    /// Whether a `;` here ends the statement.
    pub(crate) fn ends_statement(&self) -> bool {
        match self {
            Rules::Sqlite(r) => r.ends_statement(),
            Rules::Postgres(r) => r.ends_statement(),
            Rules::Mysql(r) => r.ends_statement(),
        }
    }

    /// Takes in one token that is not trivia; `after` is the lexer just past it (to look ahead).
    pub(crate) fn feed(&mut self, token: &Token, after: &Lexer<'_>) {
        let text = &after.src()[token.start..token.end];
        match self {
            Rules::Sqlite(r) => r.feed(token.kind, text),
            Rules::Postgres(r) => r.feed(token.kind, text),
            Rules::Mysql(r) => r.feed(token, text, after),
        }
    }
}

const START: u8 = 1;

/// `sqlite3_complete()`'s state machine (SQLite's `complete.c`), which the `sqlite3` shell uses to find the
/// end of a statement, and which agrees with SQLite's grammar: a trigger body ends at `; END ;`.
pub(crate) struct Sqlite {
    state: u8,
}

impl Sqlite {
    fn ends_statement(&self) -> bool {
        // TRIGGER (5) and SEMI-inside-a-trigger (6).
        !matches!(self.state, 5 | 6)
    }

    fn feed(&mut self, kind: Kind, text: &str) {
        // Token classes: SEMI, WS, OTHER, EXPLAIN, CREATE, TEMP, TRIGGER, END.
        const TRANS: [[u8; 8]; 8] = [
            [1, 0, 2, 3, 4, 2, 2, 2],
            [1, 1, 2, 3, 4, 2, 2, 2],
            [1, 2, 2, 2, 2, 2, 2, 2],
            [1, 3, 3, 2, 4, 2, 2, 2],
            [1, 4, 2, 2, 2, 4, 5, 2],
            [6, 5, 5, 5, 5, 5, 5, 5],
            [6, 6, 5, 5, 5, 5, 5, 7],
            [1, 7, 5, 5, 5, 5, 5, 5],
        ];
        let class = match kind {
            Kind::Semi => 0,
            // Only these states tell the keywords apart.
            Kind::Word if matches!(self.state, 0 | 1 | 3 | 4 | 6) => match text.len() {
                3 if text.eq_ignore_ascii_case("end") => 7,
                4 if text.eq_ignore_ascii_case("temp") => 5,
                6 if text.eq_ignore_ascii_case("create") => 4,
                7 if text.eq_ignore_ascii_case("explain") => 3,
                7 if text.eq_ignore_ascii_case("trigger") => 6,
                9 if text.eq_ignore_ascii_case("temporary") => 5,
                _ => 2,
            },
            _ => 2,
        };
        self.state = TRANS[usize::from(self.state)][class];
    }
}

/// `psql`'s rules (`psqlscan.l`): a `;` inside parentheses does not end a statement (the server's grammar
/// has `;` inside `CREATE RULE ... DO (...; ...)`), nor one inside `BEGIN ... END` when the statement starts
/// `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (SQL-standard `BEGIN ATOMIC` bodies, PostgreSQL 14+).
/// Inside such a body a `CASE` also counts, as it ends with `END`.
#[derive(Default)]
pub(crate) struct Postgres {
    paren: usize,
    begin: usize,
    /// Identifiers (unquoted words) seen, and the first four's initials when they are `create`,
    /// `function`, `procedure`, `or` or `replace`.
    idents: usize,
    initials: [u8; 4],
}

impl Postgres {
    fn ends_statement(&self) -> bool {
        self.paren == 0 && self.begin == 0
    }

    fn feed(&mut self, kind: Kind, text: &str) {
        match kind {
            Kind::Punct if text == "(" => self.paren += 1,
            Kind::Punct if text == ")" => self.paren = self.paren.saturating_sub(1),
            // An identifier: not a number, not a `$1` parameter.
            Kind::Word if !text.as_bytes()[0].is_ascii_digit() && !text.starts_with('$') => {
                if self.idents < self.initials.len() {
                    let known = ["create", "function", "procedure", "or", "replace"]
                        .iter()
                        .any(|w| text.eq_ignore_ascii_case(w));
                    if known {
                        self.initials[self.idents] = text.as_bytes()[0].to_ascii_lowercase();
                    }
                }
                self.idents += 1;
                let i = self.initials;
                let routine = i[0] == b'c'
                    && (matches!(i[1], b'f' | b'p')
                        || (i[1] == b'o' && i[2] == b'r' && matches!(i[3], b'f' | b'p')));
                if routine && self.paren == 0 {
                    if text.eq_ignore_ascii_case("begin") {
                        self.begin += 1;
                    } else if text.eq_ignore_ascii_case("case") {
                        if self.begin >= 1 {
                            self.begin += 1;
                        }
                    } else if text.eq_ignore_ascii_case("end") && self.begin > 0 {
                        self.begin -= 1;
                    }
                }
            }
            _ => {}
        }
    }
}
