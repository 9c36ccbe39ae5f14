//! Commands that need no database: init, revision, merge, history, heads, branches, show.

use crate::support::Project;

const UP: &str = "CREATE TABLE t (id INTEGER);";

#[test]
fn init_creates_folder_and_config_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| -> crate::support::Run {
        assert_cmd::Command::new(env!("CARGO_BIN_EXE_migrate"))
            .current_dir(dir.path())
            .env_remove("DATABASE_URL")
            .args(args)
            .output()
            .unwrap()
            .into()
    };
    let first = run(&["init"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(
        first.stdout,
        "Creating directory migrations ...  done\n\
         Generating migrate.toml ...  done\n\
         So that cargo rebuilds when a revision is added, put this line in build.rs (`fn main`):\n    \
         println!(\"cargo:rerun-if-changed=migrations\");\n\
         Please edit the database URL in migrate.toml (or set DATABASE_URL) before proceeding.\n"
    );
    assert!(dir.path().join("migrations").is_dir());
    let config = std::fs::read_to_string(dir.path().join("migrate.toml")).unwrap();
    assert!(config.contains("dir = \"migrations\"\n"));
    assert!(config.contains("database_url = \"${DATABASE_URL}\"\n"));
    assert!(config.contains("history_table = \"__migrate_history\"\n"));
    assert!(config.contains("file_template = \"{rev}_{slug}.sql\"\n"));

    let again = run(&["init"]);
    assert_eq!(again.code, 1);
    assert_eq!(
        again.stderr,
        "error: directory migrations already exists; `migrate init` only creates a new folder\n"
    );

    let other = run(&[
        "init",
        "db/migrations",
        "--build-rs",
        "-c",
        "db/migrate.toml",
    ]);
    assert_eq!(other.code, 0, "{}", other.stderr);
    assert!(dir.path().join("db/migrations").is_dir());
    let config = std::fs::read_to_string(dir.path().join("db/migrate.toml")).unwrap();
    assert!(config.contains("dir = \"migrations\"\n"), "{config}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("build.rs")).unwrap(),
        "fn main() {\n    // Rebuild when a revision is added to the migrations folder.\n    println!(\"cargo:rerun-if-changed=db/migrations\");\n}\n"
    );
    // The configuration in db/ points at db/migrations: an empty folder has no heads.
    let heads = run(&["-c", "db/migrate.toml", "heads"]);
    assert_eq!(
        (heads.code, heads.stdout.as_str(), heads.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn revision_writes_a_valid_file_on_the_current_head() {
    let project = Project::new();
    let run = project.ok(&[
        "revision",
        "-m",
        "Create users!",
        "--rev-id",
        "aaaa00000001",
    ]);
    assert_eq!(
        run.stdout,
        "Generating migrations/aaaa00000001_create_users.sql ...  done\n"
    );
    let text = std::fs::read_to_string(project.migrations().join("aaaa00000001_create_users.sql"))
        .unwrap();
    let date_line = text.lines().nth(3).unwrap();
    assert!(
        date_line.starts_with("-- Create Date: 20")
            && date_line.len() == "-- Create Date: 2026-11-21 10:04:11".len(),
        "{date_line}"
    );
    let expected = format!(
        "-- Revision ID: aaaa00000001\n-- Revises:\n-- Message: Create users!\n{date_line}\n-- Branch Labels:\n-- Depends On:\n\n\
         -- migrate:up\n\
         -- Replace `SELECT 1;` with the SQL that applies this revision.\n\
         -- Until then this revision runs as a no-op (like Alembic's `pass`). Edit it before\n\
         -- `migrate upgrade`: once applied, its checksum is recorded and later edits are refused.\n\
         SELECT 1;\n\n\
         -- migrate:down\n\
         -- The SQL that reverts the up section. Empty is a no-op; deleting this section (its marker line\n\
         -- included) makes the revision irreversible.\n"
    );
    assert_eq!(text, expected);

    // A generated id: 12 hex digits, parent = the head.
    let run = project.ok(&["revision", "-m", "add email"]);
    let name = run
        .stdout
        .strip_prefix("Generating migrations/")
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_owned();
    let id = &name[..12];
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{name}");
    assert_eq!(&name[12..], "_add_email.sql");
    let text = std::fs::read_to_string(project.migrations().join(&name)).unwrap();
    assert!(text.starts_with(&format!(
        "-- Revision ID: {id}\n-- Revises: aaaa00000001\n-- Message: add email\n"
    )));
    assert_eq!(project.ok(&["heads"]).stdout, format!("{id} (head)\n"));
}

/// Three revisions, a branch labelled `billing` from the root, and a merge.
fn branched() -> Project {
    let project = Project::new();
    project.revision("aaaa00000001", "create users", &[], UP, Some(""));
    project.revision("bbbb00000002", "add email", &[], UP, Some(""));
    project.revision(
        "cccc00000003",
        "start billing",
        &["--head", "aaaa", "--splice", "--branch-label", "billing"],
        UP,
        Some(""),
    );
    project
}

#[test]
fn several_heads_history_heads_branches_and_merge() {
    let project = branched();
    assert_eq!(
        project.ok(&["heads"]).stdout,
        "bbbb00000002 (head)\ncccc00000003 (billing) (head)\n"
    );
    assert_eq!(
        project.ok(&["history"]).stdout,
        // Alembic's order: the heads in file order, each branch down to where they meet.
        "aaaa00000001 -> bbbb00000002 (head), add email\n\
         aaaa00000001 -> cccc00000003 (billing) (head), start billing\n\
         <base> -> aaaa00000001 (branchpoint), create users\n"
    );
    assert_eq!(
        project.ok(&["branches"]).stdout,
        "aaaa00000001 (branchpoint)\n             -> bbbb00000002 (head)\n             -> cccc00000003 (billing) (head)\n\n"
    );

    // `revision` with two heads and no --head: Alembic's error, nothing written.
    assert_eq!(
        project.fails(&["revision", "-m", "oops"]),
        "error: multiple heads are present; please specify the head revision on which the new revision should be based (`--head`), or run `migrate merge heads`\n"
    );
    // --head on a non-head without --splice.
    assert_eq!(
        project.fails(&["revision", "-m", "oops", "--head", "aaaa00000001"]),
        "error: revision aaaa00000001 is not a head revision; please specify --splice to create a new branch from this revision\n"
    );
    // label@head picks the branch.
    project.revision(
        "dddd00000004",
        "add invoices",
        &["--head", "billing@head"],
        UP,
        Some(""),
    );
    assert_eq!(
        project.ok(&["heads"]).stdout,
        "bbbb00000002 (head)\ndddd00000004 (billing) (head)\n"
    );
    assert_eq!(
        project
            .ok(&["history", "-r", "billing@base:billing@head"])
            .stdout,
        "cccc00000003 -> dddd00000004 (billing) (head), add invoices\naaaa00000001 -> cccc00000003 (billing), start billing\n"
    );

    // merge heads.
    let run = project.ok(&[
        "merge",
        "heads",
        "-m",
        "merge billing",
        "--rev-id",
        "eeee00000005",
    ]);
    assert_eq!(
        run.stdout,
        "Generating migrations/eeee00000005_merge_billing.sql ...  done\n"
    );
    assert_eq!(
        project.ok(&["heads"]).stdout,
        "eeee00000005 (billing) (head)\n"
    );
    let history = project.ok(&["history"]).stdout;
    assert_eq!(
        history.lines().next().unwrap(),
        "bbbb00000002, dddd00000004 -> eeee00000005 (billing) (head) (mergepoint), merge billing"
    );
    assert_eq!(
        project.fails(&["merge", "heads", "-m", "again"]),
        "error: nothing to merge: `heads` resolves to the single revision eeee00000005; a merge needs two or more revisions\n"
    );
    assert_eq!(
        project.fails(&["merge", "aaaa", "bbbb", "-m", "bad"]),
        "error: requested revision aaaa00000001 overlaps with other requested revision bbbb00000002; give only the later one\n"
    );
}

#[test]
fn show_and_verbose_entries() {
    let project = branched();
    project.revision(
        "dddd00000004",
        "link users",
        &["--head", "bbbb", "--depends-on", "billing"],
        UP,
        Some(""),
    );
    let text = std::fs::read_to_string(project.file_of("dddd00000004")).unwrap();
    assert!(text.contains("\n-- Depends On: cccc00000003\n"), "{text}");
    let show = project.ok(&["show", "dddd"]).stdout;
    let date = text
        .lines()
        .nth(3)
        .unwrap()
        .strip_prefix("-- Create Date: ")
        .unwrap();
    assert_eq!(
        show,
        format!(
            "Rev: dddd00000004 (head)\nParent: bbbb00000002\nAlso depends on: cccc00000003\nPath: migrations/dddd00000004_link_users.sql\n\n    link users\n    \n    Revision ID: dddd00000004\n    Revises: bbbb00000002\n    Create Date: {date}\n\n"
        )
    );
    // cccc is depended on and has no child: still a head for Alembic, listed as its "effective head".
    assert_eq!(
        project.ok(&["heads"]).stdout,
        "cccc00000003 (billing) (effective head)\ndddd00000004 (head)\n"
    );
    assert_eq!(
        project.ok(&["history"]).stdout.lines().next().unwrap(),
        "bbbb00000002 (cccc00000003) -> dddd00000004 (head), link users"
    );
    let verbose = project.ok(&["show", "aaaa"]).stdout;
    assert!(verbose.starts_with("Rev: aaaa00000001 (branchpoint)\nParent: <base>\nBranches into: bbbb00000002, cccc00000003\nPath: migrations/aaaa00000001_create_users.sql\n"), "{verbose}");
    let billing = project.ok(&["show", "billing"]).stdout;
    assert!(billing.contains("\nBranch names: billing\n"), "{billing}");
}

#[test]
fn revision_that_would_break_the_folder_is_not_written() {
    let project = branched();
    let before = std::fs::read_dir(project.migrations()).unwrap().count();
    let stderr = project.fails(&[
        "revision",
        "-m",
        "x",
        "--head",
        "bbbb",
        "--branch-label",
        "billing",
        "--rev-id",
        "ffff00000006",
    ]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "error: the new revision was not written, it would make the folder invalid: 1 problem in the migrations folder:"
    );
    assert!(
        lines[1].starts_with("migrations/ffff00000006_x.sql:5: "),
        "{stderr}"
    );
    assert!(lines[1].contains("`billing`"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(project.migrations()).unwrap().count(),
        before
    );

    assert_eq!(
        project.fails(&[
            "revision",
            "-m",
            "x",
            "--head",
            "bbbb",
            "--rev-id",
            "aaaa00000001"
        ]),
        "error: revision id aaaa00000001 is already used by migrations/aaaa00000001_create_users.sql\n"
    );
    assert_eq!(
        project.fails(&["revision", "-m", "x", "--head", "bbbb", "--rev-id", "a-b"]),
        "error: invalid revision id `a-b`: use 1-64 characters of A-Z, a-z, 0-9 and _ (not head, heads, base or current)\n"
    );
    assert_eq!(
        project.fails(&[
            "revision",
            "-m",
            "x",
            "--head",
            "bbbb",
            "--depends-on",
            "zzzz9"
        ]),
        "error: no revision or branch label matches `zzzz9`\n"
    );
    assert_eq!(
        std::fs::read_dir(project.migrations()).unwrap().count(),
        before
    );
}
