//! MySQL/MariaDB: where a routine body or compound statement ends, token by token.
//!
//! The server parses `CREATE PROCEDURE p() BEGIN ...; END` as one statement (the `mysql` client needs
//! `DELIMITER` for it; migrate does not). A statement is a routine when it starts
//! `CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] TRIGGER|PROCEDURE|FUNCTION|EVENT`; its body starts
//! after `FOR EACH ROW [FOLLOWS|PRECEDES name]` (trigger), the parameter list and characteristics
//! (procedure), `RETURNS type [characteristics]` (function), `DO` (event). MariaDB also runs `BEGIN NOT
//! ATOMIC`, `IF`, `CASE`, `LOOP`, `WHILE`, `REPEAT` and `FOR` outside routines. A body that is one simple
//! statement ends at the next `;`; a compound one at the `END` that closes it:
//! - `BEGIN`, `IF`, `LOOP`, `WHILE`, `REPEAT`, `FOR` open a block only where a statement starts (after `;`,
//!   `BEGIN`, `THEN`/`ELSE` of an `IF` or `CASE` statement, `DO`, `LOOP`, `REPEAT`, a `label:`, a handler's
//!   conditions), so a column named `begin` or the `IF()` and `REPEAT()` functions open nothing;
//! - `CASE` opens a block anywhere (the expression ends with `END`, the statement with `END CASE`);
//! - `END` closes the innermost block, and takes the block's word after it (`END IF`, `END CASE`,
//!   `END LOOP`, `END WHILE`, `END REPEAT`, `END FOR`); after `.`, `,`, `(`, an operator or a keyword that
//!   an expression cannot end with, `end` is an identifier.

use super::lex::{Kind, Lexer, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Begin,
    If,
    CaseStatement,
    CaseExpression,
    Loop,
    While,
    Repeat,
    For,
}

impl Block {
    /// The word that may follow the `END` closing this block.
    fn suffix(self) -> Option<&'static str> {
        match self {
            Block::Begin | Block::CaseExpression => None,
            Block::If => Some("IF"),
            Block::CaseStatement => Some("CASE"),
            Block::Loop => Some("LOOP"),
            Block::While => Some("WHILE"),
            Block::Repeat => Some("REPEAT"),
            Block::For => Some("FOR"),
        }
    }

    /// A block opened by `word` where a statement starts.
    fn opened_by(word: &str) -> Option<Block> {
        let block = match word.len() {
            2 if word.eq_ignore_ascii_case("IF") => Block::If,
            3 if word.eq_ignore_ascii_case("FOR") => Block::For,
            4 if word.eq_ignore_ascii_case("CASE") => Block::CaseStatement,
            4 if word.eq_ignore_ascii_case("LOOP") => Block::Loop,
            5 if word.eq_ignore_ascii_case("BEGIN") => Block::Begin,
            5 if word.eq_ignore_ascii_case("WHILE") => Block::While,
            6 if word.eq_ignore_ascii_case("REPEAT") => Block::Repeat,
            _ => return None,
        };
        Some(block)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Phase {
    /// Before the first token.
    #[default]
    Start,
    /// Nothing can open a body any more: the next `;` ends the statement.
    Plain,
    /// After `CREATE`, before the kind of object; `definer` counts through `DEFINER = user@host`.
    Create { definer: u8 },
    /// A routine's header; `step` counts through what comes before its body.
    Header {
        routine: Routine,
        step: u8,
        paren: u32,
    },
    /// A body or compound statement (the block stack says how deep).
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Routine {
    Trigger,
    Procedure,
    Function,
    Event,
}

/// Where a `DECLARE ... HANDLER FOR condition, ... statement` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Handler {
    #[default]
    None,
    Declare,
    ExpectFor,
    ExpectCondition,
    ExpectSqlstate,
    ExpectFound,
    AfterCondition,
}

#[derive(Debug, Default)]
pub(crate) struct Mysql {
    phase: Phase,
    stack: Vec<Block>,
    /// The next token starts a statement inside the body.
    at_start: bool,
    /// A `label` at a statement start was seen; its `:` comes next.
    label: bool,
    /// Tokens to pass over (`NOT ATOMIC` after `BEGIN`), then a statement starts.
    skip: u8,
    /// After an `END`: the block word it may take.
    end_suffix: Option<&'static str>,
    handler: Handler,
    /// The previous token.
    prev: Option<Token>,
}

fn is(text: &str, word: &str) -> bool {
    text.len() == word.len() && text.eq_ignore_ascii_case(word)
}

fn is_word(token: &Token, text: &str, word: &str) -> bool {
    token.kind == Kind::Word && is(text, word)
}

/// Whether the next token is a label's `:` (not the `:=` operator).
fn colon_follows(after: &Lexer<'_>) -> bool {
    after.peek_code().is_some_and(|t| {
        let bytes = after.src().as_bytes();
        t.kind == Kind::Punct && bytes[t.start] == b':' && bytes.get(t.end) != Some(&b'=')
    })
}

/// Whether the next two tokens are `NOT ATOMIC`.
fn not_atomic_follows(after: &Lexer<'_>) -> bool {
    let src = after.src();
    let mut rest = after.clone().filter(|t| !t.kind.is_trivia());
    let mut next = || rest.next().map(|t| (t, &src[t.start..t.end]));
    matches!(next(), Some((t, w)) if is_word(&t, w, "NOT"))
        && matches!(next(), Some((t, w)) if is_word(&t, w, "ATOMIC"))
}

impl Mysql {
    pub(crate) fn ends_statement(&self) -> bool {
        self.stack.is_empty()
    }

    pub(crate) fn feed(&mut self, token: &Token, text: &str, after: &Lexer<'_>) {
        match self.phase {
            Phase::Start => self.start(token, text, after),
            Phase::Plain => {}
            Phase::Create { definer } => self.create(definer, token, text),
            Phase::Header { .. } => self.header(token, text, after),
            Phase::Body => self.body(token, text, after),
        }
        self.prev = Some(*token);
    }

    fn start(&mut self, token: &Token, text: &str, after: &Lexer<'_>) {
        self.phase = Phase::Plain;
        if token.kind != Kind::Word {
            return;
        }
        if is(text, "CREATE") {
            self.phase = Phase::Create { definer: 0 };
        } else if is(text, "BEGIN") {
            // `BEGIN` alone starts a transaction; `BEGIN NOT ATOMIC` a compound statement (MariaDB).
            if not_atomic_follows(after) {
                self.begin_body(token, text, after);
            }
        } else if Block::opened_by(text).is_some() || colon_follows(after) {
            self.begin_body(token, text, after);
        }
    }

    fn create(&mut self, definer: u8, token: &Token, text: &str) {
        let kind = token.kind;
        let punct = |c: u8| kind == Kind::Punct && text.as_bytes()[0] == c;
        let name = matches!(kind, Kind::Word | Kind::Quoted);
        let next = match definer {
            0 => {
                let routine = match text.len() {
                    5 if is(text, "EVENT") => Some(Routine::Event),
                    7 if is(text, "TRIGGER") => Some(Routine::Trigger),
                    8 if is(text, "FUNCTION") => Some(Routine::Function),
                    9 if is(text, "PROCEDURE") => Some(Routine::Procedure),
                    _ => None,
                };
                if let (Some(routine), Kind::Word) = (routine, kind) {
                    self.phase = Phase::Header {
                        routine,
                        step: 0,
                        paren: 0,
                    };
                    return;
                }
                if kind == Kind::Word && is(text, "DEFINER") {
                    Some(1)
                } else if kind == Kind::Word
                    && ["OR", "REPLACE", "AGGREGATE"].iter().any(|w| is(text, w))
                {
                    Some(0)
                } else {
                    None
                }
            }
            1 => punct(b'=').then_some(2),
            2 => name.then_some(3),
            // After the user: `@host`, `()` after CURRENT_USER, or the rest of CREATE.
            3 if punct(b'@') => Some(4),
            3 if punct(b'(') => Some(5),
            4 => name.then_some(6),
            5 => punct(b')').then_some(0),
            6 if punct(b'.') => Some(4),
            _ => {
                self.create(0, token, text);
                return;
            }
        };
        self.phase = match next {
            Some(definer) => Phase::Create { definer },
            None => Phase::Plain,
        };
    }

    fn header(&mut self, token: &Token, text: &str, after: &Lexer<'_>) {
        let Phase::Header {
            routine,
            mut step,
            mut paren,
        } = self.phase
        else {
            return;
        };
        let word = |w: &str| is_word(token, text, w);
        let punct = |c: u8| token.kind == Kind::Punct && text.as_bytes()[0] == c;
        if punct(b'(') {
            paren += 1;
        } else if punct(b')') {
            paren = paren.saturating_sub(1);
        }
        let top = paren == 0 && !punct(b')');
        match (routine, step) {
            // FOR EACH ROW [FOLLOWS|PRECEDES name] body
            (Routine::Trigger, 0) if top && word("FOR") => step = 1,
            (Routine::Trigger, 1) => step = if word("EACH") { 2 } else { 0 },
            (Routine::Trigger, 2) => step = if word("ROW") { 3 } else { 0 },
            (Routine::Trigger, 3) if word("FOLLOWS") || word("PRECEDES") => step = 4,
            (Routine::Trigger, 4) => step = 5,
            (Routine::Trigger, 5) if punct(b'.') => step = 4,
            (Routine::Trigger, 3 | 5) => return self.begin_body(token, text, after),
            // DO body
            (Routine::Event, 0) if top && word("DO") => step = 1,
            (Routine::Event, 1) => return self.begin_body(token, text, after),
            // (parameters) characteristics body
            (Routine::Procedure, 0) if punct(b'(') => step = 1,
            (Routine::Procedure, 1) if paren == 0 => step = 2,
            (Routine::Procedure, 2) => {
                const CHARACTERISTICS: [&str; 13] = [
                    "COMMENT",
                    "LANGUAGE",
                    "SQL",
                    "NOT",
                    "DETERMINISTIC",
                    "CONTAINS",
                    "NO",
                    "READS",
                    "MODIFIES",
                    "DATA",
                    "SECURITY",
                    "DEFINER",
                    "INVOKER",
                ];
                let characteristic = token.kind == Kind::Quoted
                    || (token.kind == Kind::Word && CHARACTERISTICS.iter().any(|w| is(text, w)));
                if !characteristic {
                    return self.begin_body(token, text, after);
                }
            }
            // RETURNS type characteristics body, where the body is RETURN ... or a compound statement
            (Routine::Function, 0) if top && word("RETURNS") => step = 1,
            (Routine::Function, 1) if top && token.kind == Kind::Word => {
                if word("RETURN") || word("SONAME") {
                    self.phase = Phase::Plain;
                    return;
                }
                if Block::opened_by(text).is_some() || colon_follows(after) {
                    return self.begin_body(token, text, after);
                }
            }
            _ => {}
        }
        self.phase = Phase::Header {
            routine,
            step,
            paren,
        };
    }

    /// `token` is the first of a body (or compound statement).
    fn begin_body(&mut self, token: &Token, text: &str, after: &Lexer<'_>) {
        self.phase = Phase::Body;
        self.at_start = true;
        self.body(token, text, after);
    }

    fn body(&mut self, token: &Token, text: &str, after: &Lexer<'_>) {
        if let Some(suffix) = self.end_suffix.take()
            && is_word(token, text, suffix)
        {
            return;
        }
        if self.skip > 0 {
            self.skip -= 1;
            self.at_start = self.skip == 0;
            return;
        }
        let punct = |c: u8| token.kind == Kind::Punct && text.as_bytes()[0] == c;
        if self.handler_condition(token, text, &punct) {
            return;
        }
        let start = std::mem::take(&mut self.at_start);
        match token.kind {
            Kind::Semi => {
                self.at_start = true;
                self.handler = Handler::None;
            }
            Kind::Punct if self.label && punct(b':') => {
                self.label = false;
                self.at_start = true;
            }
            Kind::Word => self.body_word(start, text, after),
            _ => {
                if start && self.stack.is_empty() {
                    self.phase = Phase::Plain;
                }
            }
        }
    }

    /// Inside `DECLARE ... HANDLER FOR conditions`: whether `token` belonged to the conditions.
    fn handler_condition(&mut self, token: &Token, text: &str, punct: &dyn Fn(u8) -> bool) -> bool {
        let word = |w: &str| is_word(token, text, w);
        self.handler = match self.handler {
            Handler::ExpectCondition if word("SQLSTATE") => Handler::ExpectSqlstate,
            Handler::ExpectCondition if word("NOT") => Handler::ExpectFound,
            Handler::ExpectCondition | Handler::ExpectFound => Handler::AfterCondition,
            Handler::ExpectSqlstate if word("VALUE") => Handler::ExpectSqlstate,
            Handler::ExpectSqlstate => Handler::AfterCondition,
            Handler::AfterCondition if punct(b',') => Handler::ExpectCondition,
            Handler::AfterCondition => {
                // The handler's statement starts here.
                self.handler = Handler::None;
                self.at_start = true;
                return false;
            }
            _ => return false,
        };
        true
    }

    fn body_word(&mut self, start: bool, text: &str, after: &Lexer<'_>) {
        let word = |w: &str| is(text, w);
        if word("END") && !self.stack.is_empty() && self.end_closes(after.src()) {
            let block = self.stack.pop();
            self.end_suffix = block.and_then(Block::suffix);
            if self.stack.is_empty() {
                self.phase = Phase::Plain;
            }
            return;
        }
        if start {
            if colon_follows(after) {
                self.label = true;
                return;
            }
            if let Some(block) = Block::opened_by(text) {
                self.stack.push(block);
                match block {
                    Block::Begin => {
                        self.at_start = true;
                        if not_atomic_follows(after) {
                            self.skip = 2;
                            self.at_start = false;
                        }
                    }
                    Block::Loop | Block::Repeat => self.at_start = true,
                    _ => {}
                }
                return;
            }
            if self.stack.is_empty() {
                // A body that is one simple statement.
                self.phase = Phase::Plain;
            } else if word("DECLARE") {
                self.handler = Handler::Declare;
            }
            return;
        }
        let top = self.stack.last().copied();
        if word("CASE") {
            self.stack.push(Block::CaseExpression);
        } else if word("THEN") || word("ELSE") {
            self.at_start = matches!(top, Some(Block::If | Block::CaseStatement));
        } else if word("DO") {
            self.at_start = matches!(top, Some(Block::While | Block::For));
        } else if word("HANDLER") && self.handler == Handler::Declare {
            self.handler = Handler::ExpectFor;
        } else if word("FOR") && self.handler == Handler::ExpectFor {
            self.handler = Handler::ExpectCondition;
        }
    }

    /// Whether an `END` here closes a block (rather than being an identifier).
    fn end_closes(&self, src: &str) -> bool {
        const NO_END_AFTER: [&str; 13] = [
            "SELECT", "SET", "WHERE", "AND", "OR", "BY", "INTO", "FROM", "UPDATE", "TABLE", "ON",
            "JOIN", "AS",
        ];
        let Some(prev) = self.prev else {
            return true;
        };
        let text = &src[prev.start..prev.end];
        match prev.kind {
            Kind::Punct => !b".,(=<>+-*/%!|&^~@".contains(&text.as_bytes()[0]),
            Kind::Word => !NO_END_AFTER.iter().any(|w| is(text, w)),
            _ => true,
        }
    }
}
