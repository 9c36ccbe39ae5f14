//! What users expect of a CLI (issue 16 item 5), through the real binary: `.env`, shell completions, and
//! colour that follows NO_COLOR / CLICOLOR / CLICOLOR_FORCE.

use std::io::Write;

use crate::support::{Project, Run};

const UP: &str = "CREATE TABLE t (id INTEGER);";

#[test]
fn dot_env_gives_the_database_url_and_the_environment_wins() {
    let project = Project::new();
    project.revision("aaaa00000001", "create t", &[], UP, Some("DROP TABLE t;"));
    std::fs::write(
        project.path().join(".env"),
        "# as diesel_cli reads it\nDATABASE_URL=sqlite:///from_dotenv.db\n",
    )
    .unwrap();
    project.ok(&["upgrade", "head"]);
    assert!(project.path().join("from_dotenv.db").is_file());
    assert_eq!(project.ok(&["current"]).stdout, "aaaa00000001 (head)\n");
    // A variable already set is not replaced by the file.
    let run: Run = project
        .command(&["upgrade", "head"])
        .env("DATABASE_URL", "sqlite:///from_environment.db")
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(project.path().join("from_environment.db").is_file());
}

#[test]
fn a_dot_env_that_does_not_parse_is_a_warning() {
    let project = Project::new();
    std::fs::write(
        project.path().join(".env"),
        "DATABASE_URL='secret unterminated\n",
    )
    .unwrap();
    let run = project.ok(&["heads"]);
    assert!(!run.stderr.contains("secret"));
    assert_eq!(
        run.stderr,
        "WARN  [migrate] cannot read .env: a line does not parse; the file is ignored\n"
    );
}

#[test]
fn completions_for_every_shell() {
    let project = Project::new();
    let bash = project.ok(&["completions", "bash"]).stdout;
    assert!(bash.contains("_migrate()"), "{bash}");
    for command in ["upgrade", "downgrade", "history", "graph", "completions"] {
        assert!(bash.contains(command), "{command} missing");
    }
    // The script is valid bash.
    let mut check = std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    check
        .stdin
        .take()
        .unwrap()
        .write_all(bash.as_bytes())
        .unwrap();
    assert!(
        check.wait().unwrap().success(),
        "bash -n rejected the script"
    );
    assert!(
        project
            .ok(&["completions", "zsh"])
            .stdout
            .starts_with("#compdef migrate")
    );
    assert!(
        project
            .ok(&["completions", "fish"])
            .stdout
            .contains("complete -c migrate")
    );
    assert!(
        project
            .ok(&["completions", "powershell"])
            .stdout
            .contains("Register-ArgumentCompleter")
    );
}

#[test]
fn colour_follows_no_color_and_clicolor() {
    let project = Project::new();
    let stderr = |vars: &[(&str, &str)]| -> String {
        let mut command = project.command(&["--database-url", "sqlite:///c.db", "current"]);
        command.env_remove("NO_COLOR");
        for (name, value) in vars {
            command.env(name, value);
        }
        let run: Run = command.output().unwrap().into();
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stderr
    };
    // A pipe is not a terminal: no colour.
    assert!(!stderr(&[]).contains('\x1b'));
    // Forced: colour codes even into a pipe.
    assert!(stderr(&[("CLICOLOR_FORCE", "1")]).contains("\x1b[32mINFO \x1b[0m [migrate]"));
    // NO_COLOR wins over CLICOLOR_FORCE.
    assert!(!stderr(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\x1b'));
}

/// On a terminal (util-linux's `script`) colour is on by default; `CLICOLOR=0` turns it off, as `NO_COLOR`
/// does, and `CLICOLOR_FORCE` still wins over it.
#[test]
fn clicolor_0_turns_colour_off_on_a_terminal() {
    let project = Project::new();
    let shown = |vars: &[(&str, &str)]| -> String {
        let binary = std::path::Path::new(env!("CARGO_BIN_EXE_migrate"));
        let terminal = migrate_test_support::Terminal::of(
            binary,
            project.path(),
            "--database-url sqlite:///c.db current",
        )
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
        vars.iter()
            .fold(terminal, |terminal, (name, value)| {
                terminal.env(name, value)
            })
            .shown()
    };
    let coloured = "\x1b[32mINFO \x1b[0m [migrate]";
    assert!(shown(&[]).contains(coloured), "{:?}", shown(&[]));
    assert!(!shown(&[("NO_COLOR", "1")]).contains('\x1b'));
    assert!(!shown(&[("CLICOLOR", "0")]).contains('\x1b'));
    assert!(shown(&[("CLICOLOR", "0"), ("CLICOLOR_FORCE", "1")]).contains(coloured));
}
