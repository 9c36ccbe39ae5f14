//! The documented differences, and only those, made equal before comparing. Each rule names the row of the
//! README's "Coming from Alembic" table that documents it.

use std::path::Path;

/// Error messages: what Alembic prints after `FAILED: ` and what migrate prints after `error: ` for the same
/// mistake (`*` matches any text). README, "Coming from Alembic", rows `alembic upgrade head / +1 / ...`
/// (clearer messages naming what is wrong), `alembic downgrade -1` and the log line row (`error:` for
/// `FAILED:`).
pub const ERRORS: &[(&str, &str)] = &[
    (
        "Multiple head revisions are present for given argument 'head'; please specify a specific target \
         revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
        "`head` is ambiguous: * heads (*); name one (e.g. `<label>@head`), or use `heads`",
    ),
    (
        "Can't locate revision identified by '*'",
        "no revision or branch label matches `*`*",
    ),
    (
        "Destination * is not a valid downgrade target from current head(s)",
        "*is not a valid downgrade target*",
    ),
    (
        "Relative revision * didn't produce * migrations",
        "*`*` goes * steps*",
    ),
    (
        "Requested revision * overlaps with other requested revisions *",
        "*overlaps*",
    ),
    (
        "Revision * is not a member of branch '*'",
        "revision * is not on the lineage of *",
    ),
    (
        "Multiple heads are present; please specify the head revision on which the new revision should be \
         based, or perform a merge.",
        "multiple heads are present; please specify the head revision on which the new revision should be \
         based (`--head`), or run `migrate merge heads`",
    ),
    (
        "Revision * is not a head revision; please specify --splice to create a new branch from this revision",
        "revision * is not a head revision; please specify --splice to create a new branch from this revision",
    ),
];

/// Whether `text` matches `pattern`, where `*` matches any text (including none).
pub fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (index, part) in parts.iter().enumerate() {
        if index == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Checks that both sides failed with the documented equivalent messages.
pub fn error_equivalent(alembic_stderr: &str, migrate_stderr: &str) -> Result<(), String> {
    let alembic = alembic_stderr
        .lines()
        .find_map(|l| l.strip_prefix("FAILED: "))
        .map(str::trim);
    let migrate = migrate_stderr
        .lines()
        .find_map(|l| l.strip_prefix("error: "))
        .map(str::trim);
    let (Some(alembic), Some(migrate)) = (alembic, migrate) else {
        return Err(format!(
            "both fail, but not both with a message:\n--- alembic stderr\n{alembic_stderr}--- migrate stderr\n{migrate_stderr}"
        ));
    };
    match ERRORS.iter().find(|(a, _)| glob(a, alembic)) {
        Some((_, m)) if glob(m, migrate) => Ok(()),
        Some((_, m)) => Err(format!(
            "both fail; Alembic's message is documented, migrate's is not its equivalent:\n  alembic: {alembic}\n  migrate: {migrate}\n  expected migrate: {m}"
        )),
        None => Err(format!(
            "both fail, with a message pair that is not in the table of documented errors:\n  alembic: {alembic}\n  migrate: {migrate}"
        )),
    }
}

/// Makes the documented differences equal; applied to both sides alike.
pub fn normalise(text: &str, root: &Path) -> String {
    let text = text.replace(&root.display().to_string(), "<dir>");
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(&normalise_line(line));
        out.push('\n');
    }
    out
}

fn normalise_line(line: &str) -> String {
    let mut line = line.to_owned();
    // Row "Log lines": the logger name; a root shows `<base>` where Alembic leaves a blank.
    if let Some(rest) = line.strip_prefix("INFO  [alembic") {
        if let Some(at) = rest.find("] ") {
            line = format!("INFO  [migrate] {}", &rest[at + 2..]);
        }
    }
    if line.starts_with("INFO  [migrate] Running ") {
        line = line
            .replace(" <base> -> ", "  -> ")
            .replace(" -> <base>", " -> ");
    }
    // Row "Log lines": the backend's name and what migrate does with DDL on it.
    if line.starts_with("INFO  [migrate] Context impl ") {
        line = "INFO  [migrate] Context impl <impl>.".to_owned();
    }
    if line.starts_with("INFO  [migrate] Will assume ") && line.ends_with("transactional DDL.") {
        line = "INFO  [migrate] Will assume <ddl> DDL.".to_owned();
    }
    // Row "alembic revision": files are `.sql` files in the migrations folder, not `versions/*.py`.
    if let Some(rest) = line.strip_prefix("Generating ") {
        if rest.ends_with(" ...  done") {
            line = "Generating <path> ...  done".to_owned();
        }
    }
    if line.starts_with("Path: ") {
        line = "Path: <path>".to_owned();
    }
    // Create Date is UTC to the second in migrate, local time with microseconds in Alembic.
    if line.trim_start().starts_with("Create Date: ") {
        let indent = line.len() - line.trim_start().len();
        line = format!("{}Create Date: <date>", &line[..indent]);
    }
    line
}

/// The statements of an offline script that are the user's SQL (the `t_*` tables of the generated graphs),
/// as a set: each tool writes its own version/history statements around them.
pub fn user_statements(script: &str) -> std::collections::BTreeSet<String> {
    script
        .split(';')
        .map(|s| {
            s.lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join(" ")
                .trim()
                .to_owned()
        })
        .filter(|s| s.starts_with("CREATE TABLE t_") || s.starts_with("DROP TABLE t_"))
        .collect()
}

#[test]
fn glob_matches_like_the_error_table_needs() {
    assert!(glob("a*c", "abbbc"));
    assert!(glob("a*", "a"));
    assert!(glob("*x*", "axb"));
    assert!(!glob("a*c", "abd"));
    assert!(!glob("abc", "abcd"));
}
