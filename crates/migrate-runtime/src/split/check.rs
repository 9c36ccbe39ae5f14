//! The splitter's invariants, asserted by the property tests and by the fuzz target (`fuzz/`).

use super::lex::Kind;
use super::{split_spans, split_statements, tokens};
use crate::backend::Backend;

/// What an offline script writes for `statement`, with `;` as the delimiter throughout (what `psql` and
/// `sqlite3` read; the `mysql` client reads the same once `DELIMITER` lines are taken out).
fn terminated(statement: &str, backend: Backend) -> String {
    let newline = if super::ends_in_line_comment(statement, backend) {
        "\n"
    } else {
        ""
    };
    format!("{statement}{newline};\n")
}

/// Asserts, for any input (panicking with the input in the message):
/// - the tokens cover the input exactly;
/// - each statement is a run of whole tokens, starting and ending with one that is not whitespace, holding
///   one that is code (or opening or closing a MySQL executable comment);
/// - no code is lost: every token outside the statements is whitespace, a comment or a `;`;
/// - each statement, split alone, is itself;
/// - when the input is complete, the offline script of its statements splits into the same statements.
///
/// The last two hold for statements that lex the same alone (all but two MySQL edge cases, below).
#[doc(hidden)]
pub fn check(sql: &str, backend: Backend) {
    let split = split_spans(sql, backend);
    let tokens = tokens(sql, backend);
    let mut pos = 0;
    for token in &tokens {
        assert!(
            token.start == pos && token.end > pos && sql.is_char_boundary(token.end),
            "{backend}: token {token:?} does not follow byte {pos} in {sql:?}"
        );
        pos = token.end;
    }
    assert_eq!(pos, sql.len(), "{backend}: tokens stop short in {sql:?}");

    let mut next = 0;
    let mut exec_open = false;
    // Whether the statements lex the same without what lies between them (see below).
    let mut context_free = true;
    let mut statements = Vec::new();
    for span in &split.spans {
        assert!(
            span.start >= next && span.start < span.end,
            "{backend}: statement {span:?} out of order in {sql:?}"
        );
        // The tokens between the previous statement and this one, and this one's.
        for token in tokens
            .iter()
            .filter(|t| t.start >= next && t.start < span.start)
        {
            assert!(
                token.end <= span.start,
                "{backend}: statement {span:?} starts inside {token:?} in {sql:?}"
            );
            assert!(
                token.kind.is_trivia() || token.kind == Kind::Semi,
                "{backend}: {:?} is lost (not in any statement) in {sql:?}",
                &sql[token.start..token.end]
            );
            exec_open = track_exec(exec_open, token.kind);
        }
        let inside: Vec<_> = tokens
            .iter()
            .filter(|t| t.start >= span.start && t.start < span.end)
            .collect();
        let (first, last) = (inside[0], inside[inside.len() - 1]);
        assert!(
            first.start == span.start && last.end == span.end,
            "{backend}: statement {span:?} cuts a token in {sql:?}"
        );
        assert!(
            first.kind != Kind::Space && last.kind != Kind::Space,
            "{backend}: statement {span:?} is not trimmed in {sql:?}"
        );
        let exec_after = inside
            .iter()
            .fold(exec_open, |open, t| track_exec(open, t.kind));
        assert!(
            inside.iter().any(|t| !t.kind.is_trivia()) || exec_after != exec_open,
            "{backend}: statement {:?} holds only comments in {sql:?}",
            &sql[span.clone()]
        );
        let statement = &sql[span.clone()];
        let is_last = span.end == split.spans[split.spans.len() - 1].end;
        // Two MySQL cases lex differently alone: a statement that starts inside an executable comment, and
        // one ending in `--` right before its `;` (then two minus signs, at the end a comment; the server
        // rejects the `--;` in the file, and answers "Query was empty" to a statement that is only `--`).
        if exec_open
            || (backend.dialect().syntax().dash_comment_needs_space && statement.ends_with("--"))
        {
            context_free = false;
        } else if !is_last || split.complete {
            let alone = split_spans(statement, backend);
            assert!(
                alone.spans.len() == 1 && alone.spans[0] == (0..statement.len()) && alone.complete,
                "{backend}: statement {statement:?} of {sql:?} splits alone into {alone:?}"
            );
        }
        exec_open = exec_after;
        statements.push(statement);
        next = span.end;
    }
    for token in tokens.iter().filter(|t| t.start >= next) {
        assert!(
            token.kind.is_trivia() || token.kind == Kind::Semi,
            "{backend}: {:?} is lost (after the last statement) in {sql:?}",
            &sql[token.start..token.end]
        );
    }

    if split.complete && context_free {
        let script: String = statements.iter().map(|s| terminated(s, backend)).collect();
        assert_eq!(
            split_statements(&script, backend),
            statements,
            "{backend}: the script {script:?} of {sql:?} splits differently"
        );
    }
}

fn track_exec(open: bool, kind: Kind) -> bool {
    match kind {
        Kind::ExecOpen => true,
        Kind::ExecClose => false,
        _ => open,
    }
}
