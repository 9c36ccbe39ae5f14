//! Database URLs: which SQLite database a URL names, redaction for display, and scrubbing of passwords from
//! messages.
//!
//! # SQLite URLs
//!
//! The accepted forms, SQLAlchemy's included, are in the table of [`sqlite_path`].
//!
//! # Passwords
//!
//! [`redact_url`] replaces the password of a URL by `***` for display: the user-information password, read
//! generously (up to the last `@` before the query, so an unencoded `/` or `@` in it is covered too), and the
//! values of the query parameters `password`, `pass`, `passwd`, `pwd` and `sslpassword`. [`redact_text`]
//! removes every password from a message: those of any URL quoted in it, and every secret of the URLs it is
//! given (raw, percent-decoded, and the pieces between `/`, `@`, `:`, `?`, `#` and `&` that a driver may echo
//! back, such as `invalid integer value "secret" for connection option "port"`). Secrets and pieces shorter than
//! 3 characters are left alone, so that messages stay readable.

use std::ops::Range;

use crate::error::Error;

/// Query parameters whose values are secrets (compared without case).
const SECRET_PARAMS: &[&str] = &["password", "pass", "passwd", "pwd", "sslpassword"];

/// Secrets and their pieces shorter than this are not scrubbed (they would match ordinary text).
const MIN_SECRET: usize = 3;

/// Returns `url` with its password replaced by `***`: the user-information password and the values of
/// password query parameters. URLs without a password come back unchanged.
///
/// ```
/// use migrate_runtime::redact_url;
/// assert_eq!(redact_url("postgres://app:s3cret@db.example:5432/prod"), "postgres://app:***@db.example:5432/prod");
/// assert_eq!(redact_url("postgres://app@db/prod?password=s3cret&sslmode=require"), "postgres://app@db/prod?password=***&sslmode=require");
/// assert_eq!(redact_url("postgres://app:s3/cr@t@db/prod"), "postgres://app:***@db/prod");
/// assert_eq!(redact_url("sqlite:///app.db"), "sqlite:///app.db");
/// ```
pub fn redact_url(url: &str) -> String {
    let mut ranges: Vec<Range<usize>> = password_span(url).into_iter().collect();
    ranges.extend(secret_params(url));
    ranges.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(url.len());
    let mut at = 0;
    for range in ranges {
        if range.start < at {
            continue;
        }
        out.push_str(&url[at..range.start]);
        out.push_str("***");
        at = range.end;
    }
    out.push_str(&url[at..]);
    out
}

/// Removes passwords from a message: those of every URL quoted in it, and every secret of `urls` (the URLs the
/// message may be about), also where a driver echoes only a piece of one.
///
/// ```
/// use migrate_runtime::redact_text;
/// let url = "postgres://app:secret/pw@db/prod";
/// assert_eq!(
///     redact_text(r#"invalid integer value "secret" for connection option "port""#, &[url]),
///     r#"invalid integer value "***" for connection option "port""#
/// );
/// let none: &[&str] = &[];
/// assert_eq!(redact_text("cannot parse mysql://u:hunter2@h/db", none), "cannot parse mysql://u:***@h/db");
/// ```
pub fn redact_text<S: AsRef<str>>(text: &str, urls: &[S]) -> String {
    let mut out = sanitize(text);
    let mut whole = Vec::new();
    let mut pieces = Vec::new();
    for url in urls {
        for secret in secrets(url.as_ref()) {
            for piece in secret.split(['/', '@', ':', '?', '#', '&']) {
                if piece.len() >= MIN_SECRET && piece.len() < secret.len() {
                    pieces.push(piece.to_owned());
                }
            }
            if secret.len() >= MIN_SECRET {
                whole.push(secret);
            }
        }
    }
    // Longest first, so that a secret is not left half replaced by one of its pieces.
    whole.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in &whole {
        out = out.replace(secret.as_str(), "***");
    }
    pieces.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for piece in &pieces {
        out = replace_token(&out, piece);
    }
    out
}

/// Removes every password of every URL quoted in a text (driver messages do quote URLs).
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find("://") {
        let scheme_end = search + found;
        let start = text[..scheme_end]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
            .map_or(0, |(i, c)| i + c.len_utf8())
            .max(done);
        let end = text[scheme_end + 3..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`'))
            .map_or(text.len(), |i| scheme_end + 3 + i);
        // Punctuation that ends a sentence or precedes a message is not part of the URL.
        let end = scheme_end
            + 3
            + text[scheme_end + 3..end]
                .trim_end_matches([':', ',', ';', '.', ')'])
                .len();
        out.push_str(&text[done..start]);
        out.push_str(&redact_url(&text[start..end]));
        done = end;
        search = end.max(scheme_end + 3);
    }
    out.push_str(&text[done..]);
    out
}

/// Removes the passwords of `url` from `text` (see [`redact_text`]).
pub(crate) fn scrub(text: &str, url: &str) -> String {
    redact_text(text, &[url])
}

/// The secrets a URL holds, raw and decoded.
fn secrets(url: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |value: &str, query: bool| {
        let mut forms = vec![value.to_owned(), percent_decode(value)];
        if query {
            // In a query, `+` is a space.
            forms.push(percent_decode(&value.replace('+', " ")));
        }
        for secret in forms {
            if !secret.is_empty() && !out.contains(&secret) {
                out.push(secret);
            }
        }
    };
    if let Some(span) = password_span(url) {
        add(&url[span], false);
    }
    for span in secret_params(url) {
        add(&url[span], true);
    }
    out
}

/// The byte range of the password of a `scheme://user:password@host...` URL. The user information ends at the
/// last `@` before the query, or at the first `@` before a `/` (libpq's reading) when that comes later, so an
/// unencoded `/`, `@` or `?` in the password is covered. The user name is what precedes the first `:`.
fn password_span(url: &str) -> Option<Range<usize>> {
    let start = url.find("://")? + 3;
    let rest = &url[start..];
    let query = rest.find(['?', '#']).unwrap_or(rest.len());
    let slash = rest.find('/').unwrap_or(rest.len());
    let at = rest[..query].rfind('@').max(rest[..slash].find('@'))?;
    let colon = rest[..at].find(':')?;
    if rest[..colon].contains('@') {
        return None;
    }
    Some(start + colon + 1..start + at)
}

/// The byte ranges of the values of password query parameters.
fn secret_params(url: &str) -> Vec<Range<usize>> {
    let from = password_span(url).map_or(0, |span| span.end);
    let Some(question) = url[from..].find('?') else {
        return Vec::new();
    };
    let query_start = from + question + 1;
    let query_end = url[query_start..]
        .find('#')
        .map_or(url.len(), |i| query_start + i);
    let mut out = Vec::new();
    let mut at = query_start;
    for pair in url[query_start..query_end].split('&') {
        if let Some((key, value)) = pair.split_once('=') {
            let key = percent_decode(key);
            if !value.is_empty() && SECRET_PARAMS.iter().any(|p| key.eq_ignore_ascii_case(p)) {
                let value_start = at + key_len(pair) + 1;
                out.push(value_start..value_start + value.len());
            }
        }
        at += pair.len() + 1;
    }
    out
}

fn key_len(pair: &str) -> usize {
    pair.find('=').unwrap_or(pair.len())
}

/// Replaces `piece` where it stands as a token (not inside a longer word).
fn replace_token(text: &str, piece: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(piece) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + piece.len()..].chars().next();
        out.push_str(&rest[..i]);
        if word(before) || word(after) {
            out.push_str(piece);
        } else {
            out.push_str("***");
        }
        rest = &rest[i + piece.len()..];
    }
    out.push_str(rest);
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The file name (or `:memory:`, or `file:` URI) Diesel's SQLite driver opens for a SQLite URL. An empty URL,
/// or a SQLite URL without a path, is [`Error::NoDatabase`]. The forms it reads are listed at
/// [`connect`](crate::connect).
///
/// ```
/// use migrate_runtime::__cli::sqlite_path;
/// assert_eq!(sqlite_path("sqlite:///app.db").unwrap(), "app.db");
/// assert_eq!(sqlite_path("sqlite:////srv/app.db").unwrap(), "/srv/app.db");
/// assert_eq!(sqlite_path("sqlite://app.db").unwrap(), "app.db");
/// assert_eq!(sqlite_path("sqlite::memory:").unwrap(), ":memory:");
/// assert!(sqlite_path("sqlite://").is_err());
/// ```
pub fn sqlite_path(url: &str) -> Result<String, Error> {
    let path = match strip_prefix_ignore_case(url, "sqlite:") {
        Some(rest) => match rest.strip_prefix("//") {
            // sqlite:///relative and sqlite:////absolute (SQLAlchemy); sqlite://relative (sqlx).
            Some(after) => after.strip_prefix('/').unwrap_or(after),
            None => rest,
        },
        None => url,
    };
    if path.eq_ignore_ascii_case(":memory:") {
        return Ok(":memory:".to_owned());
    }
    if path.is_empty() || strip_prefix_ignore_case(path, "file:").is_some_and(str::is_empty) {
        return Err(Error::NoDatabase {
            url: redact_url(url),
        });
    }
    Ok(path.to_owned())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &text[prefix.len()..])
}

#[cfg(test)]
mod tests;
