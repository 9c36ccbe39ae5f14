//! Database URLs: redaction for display and scrubbing of passwords from driver messages.

/// Returns `url` with its password (the part between `user:` and `@`) replaced by `***`. URLs without a
/// password come back unchanged.
///
/// ```
/// assert_eq!(
///     migrate_runtime::redact_url("postgres://app:s3cret@db.example:5432/prod"),
///     "postgres://app:***@db.example:5432/prod"
/// );
/// assert_eq!(migrate_runtime::redact_url("sqlite://app.db"), "sqlite://app.db");
/// ```
pub fn redact_url(url: &str) -> String {
    match password_span(url, 0) {
        Some((start, end)) => format!("{}***{}", &url[..start], &url[end..]),
        None => url.to_owned(),
    }
}

/// The byte range of the password of the first `scheme://user:password@` at or after `from`.
fn password_span(text: &str, from: usize) -> Option<(usize, usize)> {
    let scheme_end = text[from..].find("://")? + from + 3;
    // The authority ends at the first `/`, `?` or `#` after the scheme (or the end of a word).
    let rest = &text[scheme_end..];
    let authority_len = rest
        .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
        .unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    let at = authority.rfind('@')?;
    let userinfo = &authority[..at];
    let colon = userinfo.find(':')?;
    Some((scheme_end + colon + 1, scheme_end + at))
}

/// Removes every password from a text that may quote URLs (driver error messages do).
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let Some(scheme) = rest.find("://") else {
            out.push_str(rest);
            return out;
        };
        match password_span(rest, 0) {
            Some((start, end)) if start > scheme => {
                out.push_str(&rest[..start]);
                out.push_str("***");
                rest = &rest[end..];
            }
            _ => {
                out.push_str(&rest[..scheme + 3]);
                rest = &rest[scheme + 3..];
            }
        }
    }
}

/// Removes the password of `url` from `text`: any URL in it, and the password itself (raw or
/// percent-decoded) where it is long enough not to match ordinary words.
pub(crate) fn scrub(text: &str, url: &str) -> String {
    let mut out = sanitize(text);
    if let Some((start, end)) = password_span(url, 0) {
        let raw = &url[start..end];
        for secret in [raw.to_owned(), percent_decode(raw)] {
            if secret.len() >= 3 {
                out = out.replace(&secret, "***");
            }
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(&text[i + 1..i + 3], 16)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts() {
        assert_eq!(redact_url("mysql://root:pw@h/db"), "mysql://root:***@h/db");
        assert_eq!(redact_url("mysql://root@h/db"), "mysql://root@h/db");
        assert_eq!(
            redact_url("postgres://u:p%40ss@h/db?x=1"),
            "postgres://u:***@h/db?x=1"
        );
        assert_eq!(redact_url("sqlite::memory:"), "sqlite::memory:");
        assert_eq!(redact_url("app.db"), "app.db");
    }

    #[test]
    fn sanitizes_messages() {
        assert_eq!(
            sanitize("could not parse postgres://a:hunter2@x/y and mysql://b:zz@q"),
            "could not parse postgres://a:***@x/y and mysql://b:***@q"
        );
        assert_eq!(
            scrub("auth failed: p@ss-word!", "postgres://u:p%40ss-word!@h/db"),
            "auth failed: ***"
        );
    }
}
