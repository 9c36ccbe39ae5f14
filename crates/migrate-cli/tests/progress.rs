//! The progress bar: drawn on a terminal for a plan of more than five steps (driven through a
//! pseudo-terminal made by util-linux's `script`), never through a pipe, whose output stays the INFO lines.

use migrate_test_support::Terminal;

use crate::support::Project;

/// A project with `count` revisions in one chain, each creating a table.
fn chain(count: usize) -> Project {
    let project = Project::new();
    for n in 1..=count {
        project.revision(
            &format!("{n:012x}"),
            &format!("step {n}"),
            &[],
            &format!("CREATE TABLE t{n} (id INTEGER PRIMARY KEY);"),
            Some(&format!("DROP TABLE t{n};")),
        );
    }
    project
}

/// Runs `migrate args` with stdin, stdout and stderr on a pseudo-terminal; returns what the terminal showed.
fn on_a_terminal(project: &Project, args: &str) -> String {
    let shown = Terminal::new(project.path(), args)
        .env("DATABASE_URL", "sqlite:app.db")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .shown();
    without_escapes(&shown)
}

/// The text without terminal control sequences (`ESC [ ... letter`: the bar's cursor moves and line clears).
fn without_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn info_lines(first: usize, last: usize, verb: &str) -> Vec<String> {
    (first..=last)
        .map(|n| match verb {
            "upgrade" if n == 1 => {
                "INFO  [migrate] Running upgrade <base> -> 000000000001, step 1".into()
            }
            "upgrade" => format!(
                "INFO  [migrate] Running upgrade {:012x} -> {n:012x}, step {n}",
                n - 1
            ),
            _ if n == 1 => {
                "INFO  [migrate] Running downgrade 000000000001 -> <base>, step 1".into()
            }
            _ => format!(
                "INFO  [migrate] Running downgrade {n:012x} -> {:012x}, step {n}",
                n - 1
            ),
        })
        .collect()
}

#[test]
fn a_long_upgrade_on_a_terminal_draws_a_bar_and_says_how_many_steps_ran() {
    let project = chain(8);
    let shown = on_a_terminal(&project, "upgrade head");
    // The bar: steps done of the total.
    assert!(shown.contains("/8 "), "{shown:?}");
    // Every INFO line still printed, and the last line counts the steps.
    for line in info_lines(1, 8, "upgrade") {
        assert!(shown.contains(&line), "missing {line:?} in {shown:?}");
    }
    let last = shown.trim_end().rsplit(['\n', '\r']).next().unwrap();
    assert!(
        last.starts_with("INFO  [migrate] Ran 8 upgrade steps in ") && last.ends_with("s."),
        "{last:?}"
    );
    // And a long downgrade the same way.
    let shown = on_a_terminal(&project, "downgrade base");
    assert!(shown.contains("/8 "), "{shown:?}");
    let last = shown.trim_end().rsplit(['\n', '\r']).next().unwrap();
    assert!(
        last.starts_with("INFO  [migrate] Ran 8 downgrade steps in "),
        "{last:?}"
    );
}

#[test]
fn migrate_test_on_a_terminal_draws_a_bar_and_keeps_its_summary() {
    let project = chain(8);
    let shown = on_a_terminal(&project, "test");
    assert!(shown.contains("/8 "), "{shown:?}");
    assert!(
        shown.contains("INFO  [migrate] Testing 000000000007 -> 000000000008, step 8 ... ok"),
        "{shown:?}"
    );
    let last = shown.trim_end().rsplit(['\n', '\r']).next().unwrap();
    assert_eq!(
        last,
        "INFO  [migrate] Tested 8 revisions: every down section restores the schema."
    );
}

#[test]
fn a_short_plan_or_quiet_draws_nothing_on_a_terminal() {
    let project = chain(5);
    let shown = on_a_terminal(&project, "upgrade head");
    assert!(!shown.contains("/5"), "{shown:?}");
    assert!(!shown.contains("Ran 5"), "{shown:?}");
    let project = chain(8);
    assert_eq!(on_a_terminal(&project, "-q upgrade head"), "");
}

#[test]
fn through_a_pipe_the_output_is_the_info_lines_alone() {
    let project = chain(8);
    let mut project = project;
    project.url = Some("sqlite:app.db".into());
    let run = project.ok(&["upgrade", "head"]);
    let mut expected = vec![
        "INFO  [migrate] Context impl sqlite.".to_owned(),
        "INFO  [migrate] Will assume transactional DDL.".to_owned(),
    ];
    expected.extend(info_lines(1, 8, "upgrade"));
    assert_eq!(run.stderr, expected.join("\n") + "\n");
    assert_eq!(run.stdout, "");
}
