//! The tokens the splitter needs, lexed as each database (and its own client) lexes them.
//!
//! | | SQLite | PostgreSQL | MySQL/MariaDB |
//! |---|---|---|---|
//! | whitespace | space `\t` `\n` `\f` `\r` | space `\t` `\n` `\f` `\r` | space `\t` `\n` `\v` `\f` `\r` |
//! | line comment | `--` to `\n` | `--` to `\n` or `\r` | `#`, and `--` followed by whitespace, a control character or the end, to `\n` |
//! | block comment | `/* */` | `/* */`, nested | `/* */`; `/*!` `/*M!` (optionally with a version) open an executable comment whose content is code, up to `*/` |
//! | strings | `'...'` | `'...'`; `E'...'` with backslash escapes; `$tag$...$tag$` | `'...'` and `"..."`, with backslash escapes |
//! | quoted identifiers | `"..."` `` `...` `` `[...]` | `"..."` | `` `...` `` |
//!
//! Each backend's module (`backend/`) holds its column of this table as a [`Syntax`]. A doubled quote stands
//! for itself everywhere. Bytes from 0x80 up are identifier characters in all three,
//! so every token boundary is an ASCII byte (or the end) and slicing the source there is safe.

use crate::backend::Backend;

/// How one dialect lexes (and how its own client splits a script): the table above, one flag per row that
/// differs.
#[derive(Debug)]
pub(crate) struct Syntax {
    /// `\v` is whitespace too.
    pub vertical_tab_is_space: bool,
    /// `--` starts a comment only before whitespace, a control character or the end.
    pub dash_comment_needs_space: bool,
    /// `#` starts a line comment.
    pub hash_comments: bool,
    /// `\r` ends a line comment as `\n` does.
    pub cr_ends_line_comment: bool,
    /// Block comments nest.
    pub nested_block_comments: bool,
    /// `/*!` and `/*M!` open an executable comment.
    pub executable_comments: bool,
    /// A backslash escapes the next character in `'...'` and `"..."`.
    pub backslash_escapes: bool,
    /// `` `...` `` quotes an identifier.
    pub backtick_quotes: bool,
    /// `[...]` quotes an identifier.
    pub bracket_quotes: bool,
    /// `$tag$...$tag$` strings and `$1` parameters; a word that starts with a digit (a number) stops at a
    /// byte that is not ASCII alphanumeric or `_`.
    pub dollar_quotes: bool,
    /// `E'...'` strings, with backslash escapes.
    pub escape_strings: bool,
    /// The client ends a statement at every `;` outside quotes, so an offline script writes a statement
    /// holding one between `DELIMITER` lines.
    pub client_delimiter: bool,
}

/// What a token is, as far as splitting cares.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of the dialect's whitespace.
    Space,
    /// `-- ...` or `# ...`, without the line break.
    LineComment,
    /// `/* ... */` (nested on PostgreSQL).
    BlockComment,
    /// MySQL `/*!`, `/*!50001`, `/*M!`: what follows, up to `*/`, is code.
    ExecOpen,
    /// The `*/` closing an executable comment.
    ExecClose,
    /// A keyword, an identifier, a number or a `$1` parameter.
    Word,
    /// A string, quoted identifier or dollar-quoted string.
    Quoted,
    /// `;`.
    Semi,
    /// Any other single (ASCII) character.
    Punct,
}

impl Kind {
    /// Comments and whitespace: what a statement may consist of without being one.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            Kind::Space | Kind::LineComment | Kind::BlockComment | Kind::ExecOpen | Kind::ExecClose
        )
    }
}

/// One token: its kind and byte range.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// A string, quoted identifier or block comment that the input ends inside.
    pub unterminated: bool,
}

/// Lexes `src` for one dialect. Cheap to clone, which is how the splitter looks ahead.
#[derive(Debug, Clone)]
pub(crate) struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    syntax: &'static Syntax,
    pos: usize,
    /// Inside a MySQL executable comment.
    in_exec: bool,
}

fn ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// PostgreSQL `ident_start` (also `dolq_start`).
fn pg_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a str, backend: Backend) -> Lexer<'a> {
        Lexer {
            src,
            bytes: src.as_bytes(),
            syntax: backend.dialect().syntax(),
            pos: 0,
            in_exec: false,
        }
    }

    pub(crate) fn src(&self) -> &'a str {
        self.src
    }

    /// The next token that is not trivia, without moving.
    pub(crate) fn peek_code(&self) -> Option<Token> {
        self.clone().find(|t| !t.kind.is_trivia())
    }

    fn at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn is_space(&self, b: u8) -> bool {
        matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
            || (self.syntax.vertical_tab_is_space && b == b'\x0b')
    }

    /// Whether `--` at `pos` starts a comment (MySQL wants whitespace, a control character or the end next).
    fn dash_comment(&self) -> bool {
        if self.at(1) != Some(b'-') {
            return false;
        }
        !self.syntax.dash_comment_needs_space
            || self
                .at(2)
                .is_none_or(|b| self.is_space(b) || b < 0x20 || b == 0x7f)
    }

    fn line_comment(&mut self) {
        let cr = self.syntax.cr_ends_line_comment;
        while let Some(b) = self.at(0) {
            if b == b'\n' || (cr && b == b'\r') {
                break;
            }
            self.pos += 1;
        }
    }

    /// After `/*`; returns whether the comment was closed.
    fn block_comment(&mut self) -> bool {
        let nested = self.syntax.nested_block_comments;
        let mut depth = 0usize;
        self.pos += 2;
        while let Some(b) = self.at(0) {
            if nested && b == b'/' && self.at(1) == Some(b'*') {
                depth += 1;
                self.pos += 2;
            } else if b == b'*' && self.at(1) == Some(b'/') {
                self.pos += 2;
                if depth == 0 {
                    return true;
                }
                depth -= 1;
            } else {
                self.pos += 1;
            }
        }
        false
    }

    /// At an opening quote; returns whether it was closed.
    fn quoted(&mut self, close: u8, backslash: bool) -> bool {
        self.pos += 1;
        while let Some(b) = self.at(0) {
            if backslash && b == b'\\' {
                self.pos = (self.pos + 2).min(self.bytes.len());
            } else if b == close {
                self.pos += 1;
                // A doubled quote stands for itself (`]` closes for good).
                if close != b']' && self.at(0) == Some(close) {
                    self.pos += 1;
                } else {
                    return true;
                }
            } else {
                self.pos += 1;
            }
        }
        false
    }

    /// At a PostgreSQL `$`: a dollar-quoted string (returns whether it was closed), else `None`.
    fn dollar_quote(&mut self) -> Option<bool> {
        let rest = &self.bytes[self.pos + 1..];
        let tag_len = match rest.first() {
            Some(b'$') => 0,
            Some(&b) if pg_ident_start(b) => rest
                .iter()
                .position(|&b| !(pg_ident_start(b) || b.is_ascii_digit()))
                .filter(|&n| rest[n] == b'$')?,
            _ => return None,
        };
        let tag = &self.src[self.pos..self.pos + tag_len + 2];
        let body = self.pos + tag.len();
        match self.src[body..].find(tag) {
            Some(found) => {
                self.pos = body + found + tag.len();
                Some(true)
            }
            None => {
                self.pos = self.bytes.len();
                Some(false)
            }
        }
    }

    fn word(&mut self) {
        let rest = &self.bytes[self.pos..];
        let len = if self.syntax.dollar_quotes && rest[0].is_ascii_digit() {
            rest.iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        } else {
            rest.iter().position(|&b| !ident_byte(b))
        };
        self.pos += len.unwrap_or(rest.len());
    }

    fn lex(&mut self) -> (Kind, bool) {
        let b = self.bytes[self.pos];
        let syntax = self.syntax;
        if ident_byte(b) && b != b'$' {
            self.word();
            return (Kind::Word, false);
        }
        if self.is_space(b) {
            let rest = &self.bytes[self.pos..];
            self.pos += rest
                .iter()
                .position(|&b| !self.is_space(b))
                .unwrap_or(rest.len());
            return (Kind::Space, false);
        }
        match b {
            b'-' if self.dash_comment() => {
                self.line_comment();
                (Kind::LineComment, false)
            }
            b'#' if syntax.hash_comments => {
                self.line_comment();
                (Kind::LineComment, false)
            }
            b'/' if self.at(1) == Some(b'*') => {
                let exec = syntax.executable_comments
                    && !self.in_exec
                    && (self.at(2) == Some(b'!')
                        || (self.at(2) == Some(b'M') && self.at(3) == Some(b'!')));
                if exec {
                    self.pos += if self.at(2) == Some(b'!') { 3 } else { 4 };
                    let mut digits = 0;
                    while digits < 6 && self.at(0).is_some_and(|b| b.is_ascii_digit()) {
                        self.pos += 1;
                        digits += 1;
                    }
                    self.in_exec = true;
                    (Kind::ExecOpen, false)
                } else {
                    (Kind::BlockComment, !self.block_comment())
                }
            }
            b'*' if self.in_exec && self.at(1) == Some(b'/') => {
                self.pos += 2;
                self.in_exec = false;
                (Kind::ExecClose, false)
            }
            b'\'' => (Kind::Quoted, !self.quoted(b'\'', syntax.backslash_escapes)),
            b'"' => (Kind::Quoted, !self.quoted(b'"', syntax.backslash_escapes)),
            b'`' if syntax.backtick_quotes => (Kind::Quoted, !self.quoted(b'`', false)),
            b'[' if syntax.bracket_quotes => (Kind::Quoted, !self.quoted(b']', false)),
            b'$' if syntax.dollar_quotes => match self.dollar_quote() {
                Some(closed) => (Kind::Quoted, !closed),
                None if self.at(1).is_some_and(|b| b.is_ascii_digit()) => {
                    self.pos += 1;
                    self.word();
                    (Kind::Word, false)
                }
                None => {
                    self.pos += 1;
                    (Kind::Punct, false)
                }
            },
            b';' => {
                self.pos += 1;
                (Kind::Semi, false)
            }
            _ if ident_byte(b) => {
                self.word();
                (Kind::Word, false)
            }
            _ => {
                self.pos += 1;
                (Kind::Punct, false)
            }
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let (mut kind, mut unterminated) = self.lex();
        // PostgreSQL `E'...'` (the word is exactly `E`): one string token with backslash escapes.
        if kind == Kind::Word
            && self.syntax.escape_strings
            && self.pos == start + 1
            && matches!(self.bytes[start], b'e' | b'E')
            && self.at(0) == Some(b'\'')
        {
            kind = Kind::Quoted;
            unterminated = !self.quoted(b'\'', true);
        }
        Some(Token {
            kind,
            start,
            end: self.pos,
            unterminated,
        })
    }
}
