//! `migrate graph`: golden DOT and Mermaid for the repository's example folder and for a graph with two
//! labelled branches, a merge and a `Depends On`; the applied state marked from a database; the DOT rendered
//! by the real `dot` (feature `graphviz`, which `.ci/run` turns on with `--all-features`).
//!
//! The golden files are written by `MIGRATE_BLESS=1 cargo test -p migrate-cli graph` and reviewed as a diff.

use std::path::{Path, PathBuf};

use crate::support::{Project, Sqlite, TestDb};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/graph")
}

/// Compares `actual` with the golden file `name`, or rewrites it under `MIGRATE_BLESS=1`.
#[track_caller]
fn golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("MIGRATE_BLESS").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with MIGRATE_BLESS=1 once", path.display()));
    assert_eq!(actual, expected, "{} differs", path.display());
}

/// The repository's example folder (a labelled branch, a `Depends On`, a merge).
fn example() -> Project {
    let project = Project::new();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    for entry in std::fs::read_dir(source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), project.migrations().join(entry.file_name())).unwrap();
    }
    project
}

/// `a <- b <- c1{featx} <- d1`, `b <- c2{featy} <- d2`, merge `m` of d1 and d2, and `e` on c1 depending on
/// c2, with a message holding quotes and angle brackets.
fn labelled() -> Project {
    let project = Project::new();
    project.write_revision("a0000001", "", "", "SELECT 1;");
    project.write_revision("b0000002", "a0000001", "", "SELECT 1;");
    project.write_revision(
        "c1000003",
        "b0000002",
        "-- Branch Labels: featx\n",
        "SELECT 1;",
    );
    project.write_revision(
        "c2000004",
        "b0000002",
        "-- Branch Labels: featy\n",
        "SELECT 1;",
    );
    project.write_revision("d1000005", "c1000003", "", "SELECT 1;");
    project.write_revision("d2000006", "c2000004", "", "SELECT 1;");
    project.write_revision("m0000007", "d1000005, d2000006", "", "");
    project.write_revision(
        "e0000008",
        "m0000007",
        "-- Depends On: c2000004\n",
        "SELECT 1; -- \"quoted\" <b>",
    );
    project
}

#[test]
fn example_folder_as_dot_and_mermaid() {
    let project = example();
    golden("example.dot", &project.ok(&["graph"]).stdout);
    golden(
        "example.mmd",
        &project.ok(&["graph", "--format", "mermaid"]).stdout,
    );
}

#[test]
fn labelled_branches_merge_and_depends_on() {
    let project = labelled();
    let dot = project.ok(&["graph"]).stdout;
    // Depends On is drawn dashed, from the dependency to the revision that needs it.
    assert!(
        dot.contains("\"c2000004\" -> \"e0000008\" [style=dashed"),
        "{dot}"
    );
    // The merge is a rounded box; the head has a double border; labels are inherited.
    assert!(
        dot.contains(
            "\"m0000007\" [label=\"m0000007\\nstep m0000007\\n[featx, featy]\", style=\"rounded\"]"
        ),
        "{dot}"
    );
    assert!(dot.contains("peripheries=2"), "{dot}");
    golden("labelled.dot", &dot);
    golden(
        "labelled.mmd",
        &project.ok(&["graph", "--format", "mermaid"]).stdout,
    );
    // A range limits the picture as it limits `history`.
    let range = project.ok(&["graph", "-r", "d1000005:head"]).stdout;
    assert!(range.contains("\"d1000005\" ["), "{range}");
    assert!(!range.contains("\"a0000001\" ["), "{range}");
    assert!(!range.contains("\"c1000003\" ["), "{range}");
}

#[test]
fn applied_revisions_and_current_heads_are_marked_from_the_database() {
    let db = Sqlite::new();
    let project = labelled();
    let project = Project {
        url: Some(db.url()),
        ..project
    };
    project.ok(&["upgrade", "d1000005"]);
    let dot = project.ok(&["graph"]).stdout;
    assert!(
        dot.contains("\"d1000005\" [label=\"d1000005 (current)\\nstep d1000005\\n[featx]\", style=\"filled\", fillcolor=\"#8fd18f\"]"),
        "{dot}"
    );
    assert!(dot.contains("\"b0000002\" [label=\"b0000002\\nstep b0000002\", style=\"filled\", fillcolor=\"#d9f2d9\"]"), "{dot}");
    assert!(
        dot.contains("\"d2000006\" [label=\"d2000006\\nstep d2000006\\n[featy]\"]"),
        "{dot}"
    );
    let mermaid = project.ok(&["graph", "--format", "mermaid"]).stdout;
    assert!(
        mermaid.contains("    class r_d1000005 current\n"),
        "{mermaid}"
    );
    // --offline draws the folder alone.
    let offline = project.ok(&["graph", "--offline"]).stdout;
    assert!(!offline.contains("filled"), "{offline}");
}

/// The real `dot` renders both pictures to SVG without a warning.
#[cfg(feature = "graphviz")]
#[test]
fn dot_renders_without_warnings() {
    use std::io::Write;
    for project in [example(), labelled()] {
        let text = project.ok(&["graph"]).stdout;
        let mut child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect(
                "graphviz's `dot` is needed with the `graphviz` feature: apt-get install graphviz",
            );
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "dot failed");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "dot warned");
        assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));
    }
}
