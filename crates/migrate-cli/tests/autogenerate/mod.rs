//! `migrate revision --autogenerate` end to end, on every backend: schema.rs edited as a user would, the
//! revision generated, applied with `upgrade head`; then `print-schema` equals the edited schema.rs, a second
//! autogenerate finds nothing, the model check is green, and `downgrade -1` brings back the previous schema.
//!
//! Column order: the diff ignores it (a column added anywhere in schema.rs is added at the end of the
//! table), so these edits add columns at the end, where print-schema prints them afterwards.

mod check;
mod flow;
mod keys;
mod lineage;
mod narrowing;
#[cfg(feature = "postgres")]
mod postgres;
mod renames;

use crate::support::{Project, Run, TestDb};

/// How print-schema spells the types on a backend.
pub struct Types {
    pub int: &'static str,
    pub bigint: &'static str,
    /// `code VARCHAR(50)` as print-schema writes it (SQLite keeps no length).
    pub code: &'static str,
    pub sqlite: bool,
}

pub fn types(db: &dyn TestDb) -> Types {
    let url = db.url();
    if url.starts_with("postgres") {
        Types {
            int: "Int4",
            bigint: "Int8",
            code: "        #[max_length = 50]\n        code -> Varchar,\n",
            sqlite: false,
        }
    } else if url.starts_with("mysql") {
        Types {
            int: "Integer",
            bigint: "Bigint",
            code: "        #[max_length = 50]\n        code -> Varchar,\n",
            sqlite: false,
        }
    } else {
        Types {
            int: "Integer",
            bigint: "BigInt",
            code: "        code -> Text,\n",
            sqlite: true,
        }
    }
}

/// A project on `db` whose first revision (written by hand) ran, with schema.rs written from the database.
pub struct Flow<'a> {
    pub db: &'a dyn TestDb,
    pub project: Project,
}

pub const HEADER: &str = "// @generated automatically by Diesel CLI.\n";

impl<'a> Flow<'a> {
    pub fn new(db: &'a dyn TestDb, up: &str, down: &str) -> Flow<'a> {
        let project = Project::with_url(&db.url());
        project.write_revision("aaaa00000001", "", "", up);
        let path = project.file_of("aaaa00000001");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}{down}\n")).unwrap();
        project.ok(&["upgrade", "head"]);
        project.ok(&["print-schema", "--write"]);
        Flow { db, project }
    }

    /// What `print-schema` prints for the live database.
    pub fn schema(&self) -> String {
        self.project.ok(&["print-schema"]).stdout
    }

    pub fn schema_file(&self) -> std::path::PathBuf {
        self.project.path().join("src/schema.rs")
    }

    pub fn write_schema(&self, text: &str) {
        std::fs::write(self.schema_file(), text).unwrap();
    }

    /// `revision --autogenerate -m ID --rev-id ID EXTRA...`, which must write the file.
    #[track_caller]
    pub fn autogenerate(&self, id: &str, extra: &[&str]) -> Run {
        let mut args = vec!["revision", "--autogenerate", "-m", id, "--rev-id", id];
        args.extend_from_slice(extra);
        let run = self.project.ok(&args);
        assert_eq!(
            run.stdout,
            format!("Generating migrations/{id}_{id}.sql ...  done\n"),
            "{}",
            run.stderr
        );
        run
    }

    /// The generated file of revision `id`.
    pub fn file(&self, id: &str) -> String {
        std::fs::read_to_string(self.project.file_of(id)).unwrap()
    }

    /// A second autogenerate finds nothing and the model check is green.
    #[track_caller]
    pub fn in_sync(&self) {
        let again = self
            .project
            .ok(&["revision", "--autogenerate", "-m", "again"]);
        assert_eq!(again.stdout, "");
        assert_eq!(
            again.stderr,
            "INFO  [migrate] No changes in schema detected.\n"
        );
        let check = self.project.ok(&["check"]);
        assert!(
            check
                .stderr
                .contains("INFO  [migrate] No new upgrade operations detected.\n"),
            "{}",
            check.stderr
        );
    }

    /// The whole cycle for one edit of schema.rs; `data` are queries and their rows right after the
    /// upgrade. Returns the `Detected ...` lines.
    #[track_caller]
    pub fn step(
        &self,
        id: &str,
        edit: impl Fn(&str) -> String,
        data: &[(&str, &str)],
    ) -> Vec<String> {
        detected(&self.step_reviewed(id, edit, |_| {}, data))
    }

    /// [`Flow::step`] with `review` run on the generated file's path before the upgrade (to assert on it,
    /// or to edit it as a user would). Returns the autogenerate run.
    #[track_caller]
    pub fn step_reviewed(
        &self,
        id: &str,
        edit: impl Fn(&str) -> String,
        review: impl Fn(&std::path::Path),
        data: &[(&str, &str)],
    ) -> Run {
        let before = self.schema();
        let after = edit(&before);
        assert_ne!(after, before, "the edit of {id} changes nothing");
        self.write_schema(&after);
        let run = self.autogenerate(id, &[]);
        review(&self.project.file_of(id));
        self.project.ok(&["upgrade", "head"]);
        for (query, rows) in data {
            assert_eq!(self.db.query(query), *rows, "{query} after {id}");
        }
        assert_eq!(
            self.schema(),
            after,
            "print-schema after {id}:\n{}",
            self.file(id)
        );
        self.in_sync();
        self.project.ok(&["downgrade", "-1"]);
        assert_eq!(self.schema(), before, "print-schema after downgrading {id}");
        self.project.ok(&["upgrade", "head"]);
        run
    }
}

/// The `WARN` lines of a run, without their prefix.
pub fn warnings(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter_map(|l| l.strip_prefix("WARN  [migrate] "))
        .map(str::to_owned)
        .collect()
}

/// The `Detected ...` lines of a run.
pub fn detected(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter_map(|l| l.strip_prefix("INFO  [migrate] "))
        .filter(|l| l.starts_with("Detected "))
        .map(str::to_owned)
        .collect()
}

/// `text` with `new` inserted after the first `anchor`.
#[track_caller]
pub fn after(text: &str, anchor: &str, new: &str) -> String {
    let at = text
        .find(anchor)
        .unwrap_or_else(|| panic!("{anchor:?} in {text}"))
        + anchor.len();
    format!("{}{new}{}", &text[..at], &text[at..])
}

/// `text` with `old` replaced by `new`, which must be there.
#[track_caller]
pub fn replace(text: &str, old: &str, new: &str) -> String {
    assert!(text.contains(old), "{old:?} in {text}");
    text.replacen(old, new, 1)
}
