//! The documented differences, and only those, made equal before comparing. Each rule names the row of the
//! README's "Coming from Alembic" table that documents it.

use std::path::Path;

/// Error messages: what Alembic prints after `FAILED: ` and what migrate prints after `error: ` for the same
/// mistake (`*` matches any text; an Alembic message may have several equivalents, one per cause migrate
/// tells apart). README, "Coming from Alembic", row "Error messages".
pub const ERRORS: &[(&str, &str)] = &[
    (
        "Multiple head revisions are present for given argument 'head'; please specify a specific target \
         revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
        "multiple heads are present for `*`: *; name a revision, use `<label>@head` to narrow to one branch, \
         or `heads` for all of them",
    ),
    (
        "Multiple heads are present; please specify a single target revision",
        "multiple heads are present for `*`: *; name a revision, use `<label>@head` to narrow to one branch, \
         or `heads` for all of them",
    ),
    (
        "Multiple heads are present; please specify the head revision on which the new revision should be \
         based, or perform a merge.",
        "multiple heads are present; please specify the head revision on which the new revision should be \
         based (`--head`), or run `migrate merge heads`",
    ),
    (
        "Can't locate revision identified by '*'",
        "no revision or branch label matches `*`*",
    ),
    (
        "Can't locate revision identified by '*'",
        "no such branch: `*` is neither a branch label nor a revision id",
    ),
    (
        "Can't locate revision identified by '*'",
        "revision * is not a member of branch `*`",
    ),
    (
        "Can't locate revision identified by '*'",
        "`*` in a history range names no revision: *",
    ),
    (
        "Relative revision * didn't produce * migrations",
        "relative target `*` runs off the * after * of * steps",
    ),
    (
        "Destination * is not a valid downgrade target from current head(s)",
        "`*` is not a valid downgrade target: * is applied only because * on it, and nothing above it on its own \
         branch is applied; downgrade * instead",
    ),
    (
        "Ambiguous upgrade from multiple current revisions",
        "`*` is ambiguous from several current heads (*); use `<label>@*` or name a revision",
    ),
    (
        "Destination * is not a valid downgrade target from current head(s)",
        "`*` is not a valid downgrade target from current heads (*): it is not applied",
    ),
    (
        "Requested revision * overlaps with other requested revisions *",
        "requested revision * overlaps with other requested revision *; give only the later one",
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

/// The message of Alembic's `FAILED: ...` line (Alembic prints it on stdout).
pub fn alembic_failure(stdout: &str, stderr: &str) -> Option<String> {
    stdout
        .lines()
        .chain(stderr.lines())
        .find_map(|l| l.strip_prefix("FAILED: "))
        .map(|m| m.trim().to_owned())
}

/// Alembic's stdout without its `FAILED: ...` line: migrate prints its error on stderr.
pub fn without_failure(stdout: &str) -> String {
    stdout
        .lines()
        .filter(|l| !l.starts_with("FAILED: "))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Checks that both sides failed with the documented equivalent messages.
pub fn error_equivalent(alembic: Option<&str>, migrate_stderr: &str) -> Result<(), String> {
    let migrate = migrate_stderr
        .lines()
        .find_map(|l| l.strip_prefix("error: "))
        .map(str::trim);
    let (Some(alembic), Some(migrate)) = (alembic, migrate) else {
        return Err(format!(
            "both fail, but not both with a message:\n  alembic: {alembic:?}\n--- migrate stderr\n{migrate_stderr}"
        ));
    };
    let rows: Vec<&str> = ERRORS
        .iter()
        .filter(|(a, _)| glob(a, alembic))
        .map(|(_, m)| *m)
        .collect();
    if rows.iter().any(|m| glob(m, migrate)) {
        Ok(())
    } else if rows.is_empty() {
        Err(format!(
            "both fail, with a message pair that is not in the table of documented errors:\n  alembic: {alembic}\n  migrate: {migrate}"
        ))
    } else {
        Err(format!(
            "both fail; Alembic's message is documented, migrate's is not its equivalent:\n  alembic: {alembic}\n  migrate: {migrate}\n  expected migrate: {}",
            rows.join(" | ")
        ))
    }
}

/// Makes the documented differences equal; applied to both sides alike.
pub fn normalise(text: &str, root: &Path) -> String {
    let text = text.replace(&root.display().to_string(), "<dir>");
    let mut out = String::new();
    let lines: Vec<String> = text.lines().map(normalise_line).collect();
    // Row "Output order": the `->` lines of `branches` come from a Python set in Alembic.
    let mut index = 0;
    while index < lines.len() {
        let start = index;
        while index < lines.len() && is_branch_line(&lines[index]) {
            index += 1;
        }
        let mut run = lines[start..index].to_vec();
        run.sort();
        for line in run {
            out.push_str(&line);
            out.push('\n');
        }
        if index == start {
            out.push_str(&lines[index]);
            out.push('\n');
            index += 1;
        }
    }
    out
}

fn is_branch_line(line: &str) -> bool {
    line.starts_with(' ') && line.trim_start().starts_with("-> ")
}

/// `a, b` with its items sorted.
fn sorted_list(list: &str) -> String {
    let mut items: Vec<&str> = list.split(", ").collect();
    items.sort_unstable();
    items.join(", ")
}

/// Row "Output order": Alembic prints branch labels and `Branches into:` from Python sets, in an order that
/// changes from run to run.
fn sort_sets(line: &str) -> String {
    for key in ["Branch names: ", "Branches into: "] {
        if let Some(list) = line.strip_prefix(key) {
            return format!("{key}{}", sorted_list(list));
        }
    }
    // `<parents> (<deps>) -> <rev> (<labels>) (head)...` or `<rev> (<labels>) (head)`.
    let start = line.rfind(" -> ").map_or(0, |at| at + 4);
    let Some(space) = line[start..].find(' ').map(|at| start + at) else {
        return line.to_owned();
    };
    if let Some(rest) = line[space..].strip_prefix(" (")
        && let Some(end) = rest.find(')')
        && rest[..end].contains(", ")
    {
        return format!(
            "{} ({}){}",
            &line[..space],
            sorted_list(&rest[..end]),
            &rest[end + 1..]
        );
    }
    line.to_owned()
}

/// Row "Output order": `current` lists the database's revisions from a Python set in Alembic; the entries
/// (lines, or `Rev:` blocks with `--verbose`) are compared sorted.
pub fn sort_current(stdout: &str) -> String {
    let verbose = stdout.lines().any(|l| l.starts_with("Rev: "));
    let mut head = String::new();
    let mut entries: Vec<String> = Vec::new();
    for line in stdout.lines() {
        let starts_entry = if verbose {
            line.starts_with("Rev: ")
        } else {
            !line.starts_with("Current revision(s) for ")
        };
        if starts_entry {
            entries.push(String::new());
        }
        let entry = entries.last_mut().unwrap_or(&mut head);
        entry.push_str(line);
        entry.push('\n');
    }
    entries.sort();
    head + &entries.concat()
}

fn normalise_line(line: &str) -> String {
    let mut line = sort_sets(line);
    // Row "Log lines": the logger name; a root shows `<base>` where Alembic leaves a blank.
    if let Some(rest) = line.strip_prefix("INFO  [alembic")
        && let Some(at) = rest.find("] ")
    {
        line = format!("INFO  [migrate] {}", &rest[at + 2..]);
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
    if line.starts_with("Generating ") && line.ends_with(" ...  done") {
        line = "Generating <path> ...  done".to_owned();
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
