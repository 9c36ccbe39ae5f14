//! Splitting a migration section into statements, so each runs on its own and a failure names its statement,
//! and writing them back out for the database's own client (offline scripts).
//!
//! [`lex`] lexes as each database does (strings, quoted identifiers, comments, dollar quotes, executable
//! comments); a top-level `;` ends a statement unless the dialect's rules say it is inside a body:
//! - **SQLite** ([`rules::Sqlite`]): `sqlite3_complete()`'s rule, which the `sqlite3` shell uses: after
//!   `CREATE [TEMP] TRIGGER`, only a `;` that follows `; END` ends the statement.
//! - **PostgreSQL** ([`rules::Postgres`]): `psql`'s rules: no `;` inside parentheses (multi-action rules)
//!   ends a statement, nor one inside the `BEGIN ... END` of `CREATE [OR REPLACE] FUNCTION|PROCEDURE`
//!   (`BEGIN ATOMIC` bodies).
//! - **MySQL/MariaDB** ([`mysql::Mysql`]): the compound-statement grammar, token by token: the body of
//!   `CREATE [OR REPLACE] [DEFINER = ...] TRIGGER|PROCEDURE|FUNCTION|EVENT` (and MariaDB's `BEGIN NOT
//!   ATOMIC`, `IF`, `CASE`, `LOOP`, `WHILE`, `REPEAT`, `FOR` outside routines) runs to the `END` that
//!   closes it, counting `BEGIN`, `IF`, `CASE`, `LOOP`, `WHILE`, `REPEAT`, `FOR` blocks.
//!
//! A statement is the text from its first to its last token that is not whitespace (comments included); a
//! part holding only comments and whitespace is not a statement.
//!
//! The lexer is migrate's own rather than `sqlparser`'s tokenizer: that one reads MySQL `/*! ... */` as a
//! comment, has no notion of routine bodies (its parser has, for the SQL it parses), reports positions as
//! line and column, fails on unterminated input, and lexes about ten times slower.

mod check;
mod lex;
mod mysql;
#[cfg(test)]
mod props;
mod rules;
#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::backend::Backend;

pub use check::check;
use lex::Lexer;
pub(crate) use lex::Syntax;
pub use lex::{Kind, Token};
pub(crate) use rules::Rules;

/// Splits `sql` into statements (without the final `;`), dropping parts that hold only comments.
///
/// Each statement is trimmed of the dialect's whitespace only, so what it starts and ends with is lexed the
/// same way when it runs alone.
pub fn split_statements(sql: &str, backend: Backend) -> Vec<String> {
    statements(sql, backend)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// [`split_statements`], borrowing from `sql`.
pub(crate) fn statements(sql: &str, backend: Backend) -> Vec<&str> {
    split_spans(sql, backend)
        .spans
        .into_iter()
        .map(|span| &sql[span])
        .collect()
}

/// Where the statements are in the input.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The statements' byte ranges, in order.
    pub spans: Vec<Range<usize>>,
    /// Whether the input ends outside every string, comment and body, so a `;` after it would end the last
    /// statement (an incomplete last statement is an error on every database).
    pub complete: bool,
}

/// [`split_statements`], as byte ranges.
#[doc(hidden)]
pub fn split_spans(sql: &str, backend: Backend) -> Split {
    let mut lexer = Lexer::new(sql, backend);
    let mut rules = Rules::new(backend);
    let mut spans = Vec::new();
    // The current statement: its first and last non-space token, and whether anything in it is code.
    let mut first: Option<usize> = None;
    let mut last = 0;
    let mut code = false;
    let mut unterminated = false;
    // Inside a MySQL executable comment, now and where the statement started: a part that opens or closes
    // one is kept even without code, so what follows lexes the same in the offline script.
    let (mut exec, mut exec_at_start) = (false, false);
    while let Some(token) = lexer.next() {
        unterminated = token.unterminated;
        match token.kind {
            Kind::Space => continue,
            Kind::Semi if rules.ends_statement() => {
                if let (Some(start), true) = (first, code || exec != exec_at_start) {
                    spans.push(start..last);
                }
                first = None;
                code = false;
                exec_at_start = exec;
                rules = Rules::new(backend);
                continue;
            }
            Kind::ExecOpen => exec = true,
            Kind::ExecClose => exec = false,
            _ => {}
        }
        first.get_or_insert(token.start);
        last = token.end;
        if !token.kind.is_trivia() {
            code = true;
            rules.feed(&token, &lexer);
        }
    }
    if let (Some(start), true) = (first, code || exec != exec_at_start) {
        spans.push(start..last);
    }
    Split {
        spans,
        complete: !unterminated && rules.ends_statement(),
    }
}

/// The tokens of `sql`, whitespace and comments included.
#[doc(hidden)]
pub fn tokens(sql: &str, backend: Backend) -> Vec<Token> {
    Lexer::new(sql, backend).collect()
}

/// Whether `sql` ends inside a line comment (so a `;` written after it would be part of the comment).
#[doc(hidden)]
pub fn ends_in_line_comment(sql: &str, backend: Backend) -> bool {
    Lexer::new(sql, backend)
        .filter(|t| t.kind != Kind::Space)
        .last()
        .is_some_and(|t| t.kind == Kind::LineComment)
}

/// One statement as an offline script writes it for the database's own client: followed by `;`, on a line
/// of its own when the statement ends in a line comment. The `mysql`/`mariadb` client splits on `;`
/// wherever it stands, so there a statement holding one (a routine body) is written between `DELIMITER`
/// lines, with a delimiter that does not occur in it, on a line of its own.
#[doc(hidden)]
pub fn render_statement(sql: &str, backend: Backend) -> String {
    if backend.dialect().syntax().client_delimiter && sql.contains(';') {
        let mut delimiter = String::from("//");
        while sql.contains(delimiter.as_str()) {
            delimiter.push('/');
        }
        format!("DELIMITER {delimiter}\n{sql}\n{delimiter}\nDELIMITER ;\n")
    } else {
        let newline = if ends_in_line_comment(sql, backend) {
            "\n"
        } else {
            ""
        };
        format!("{sql}{newline};\n")
    }
}
