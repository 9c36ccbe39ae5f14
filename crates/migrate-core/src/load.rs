//! Reading a migrations folder: every `.sql` file below it, in sorted path order.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::parse::parse_file;
use crate::revision::Revision;

/// What was read from a folder: the revisions that could be parsed and every problem found while reading.
#[derive(Debug, Default)]
pub struct LoadedFolder {
    /// Revisions in sorted path order (files without a usable id are left out).
    pub revisions: Vec<Revision>,
    /// Problems found while reading and parsing, per file.
    pub diagnostics: Vec<Diagnostic>,
    /// Every migration file read, as an absolute (or `root`-joined) path, in sorted order.
    pub files: Vec<PathBuf>,
}

/// Whether a file name is a migration: `*.sql`, not a dot-file (editor locks, hidden files).
fn is_migration_file(name: &str) -> bool {
    !name.starts_with('.') && name.ends_with(".sql")
}

/// Formats `path` relative to `root` with `/` separators, for messages.
pub fn display_path(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Lists the migration files below `dir`, sorted, descending into sub-folders that are not dot-folders.
fn collect_files(
    dir: &Path,
    root: &Path,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Diagnostic>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            let what = if error.kind() == std::io::ErrorKind::NotFound {
                "migrations folder not found".to_owned()
            } else {
                format!("cannot read migrations folder: {error}")
            };
            problems.push(
                Diagnostic::new(display_path(dir, root), 0, what)
                    .with_help("create it with `migrate init`, or point to the right folder"),
            );
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // The directory entry knows its type; only a symlink needs a stat to see what it points to.
        let is_dir = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => std::fs::metadata(&path).is_ok_and(|m| m.is_dir()),
            Ok(kind) => kind.is_dir(),
            Err(_) => false,
        };
        if is_dir {
            collect_files(&path, root, files, problems);
        } else if is_migration_file(&name) {
            files.push(path);
        }
    }
}

/// Reads and parses every migration file below `dir`. Paths in diagnostics and revisions are relative to
/// `root` (the crate's manifest folder for the macro, the working directory for the CLI).
pub fn load_folder(dir: &Path, root: &Path) -> LoadedFolder {
    let mut loaded = LoadedFolder::default();
    collect_files(dir, root, &mut loaded.files, &mut loaded.diagnostics);
    for file in &loaded.files {
        let path = display_path(file, root);
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(error) => {
                loaded.diagnostics.push(Diagnostic::new(
                    path,
                    0,
                    format!("cannot read file: {error}"),
                ));
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
                loaded.diagnostics.push(
                    Diagnostic::new(path, line, "file is not valid UTF-8")
                        .with_help("save the file as UTF-8"),
                );
                continue;
            }
        };
        let parsed = parse_file(&path, &text);
        loaded.diagnostics.extend(parsed.diagnostics);
        loaded.revisions.extend(parsed.revision);
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sql_files_sorted_and_recursively_skipping_hidden_and_backups() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("migrations");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::create_dir_all(dir.join(".hidden")).unwrap();
        let file = |id: &str| format!("-- Revision ID: {id}\n\n-- migrate:up\nSELECT 1;\n");
        std::fs::write(dir.join("b.sql"), file("b")).unwrap();
        std::fs::write(dir.join("sub/a.sql"), file("a")).unwrap();
        std::fs::write(dir.join(".#c.sql"), file("c")).unwrap();
        std::fs::write(dir.join("d.sql~"), file("d")).unwrap();
        std::fs::write(dir.join(".hidden/e.sql"), file("e")).unwrap();
        std::fs::write(dir.join("README.md"), "notes").unwrap();
        let loaded = load_folder(&dir, root.path());
        assert!(loaded.diagnostics.is_empty());
        let ids: Vec<_> = loaded.revisions.iter().map(|r| r.id.as_ref()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(loaded.revisions[1].source.path, "migrations/sub/a.sql");
    }

    #[test]
    fn missing_folder_and_non_utf8() {
        let root = tempfile::tempdir().unwrap();
        let loaded = load_folder(&root.path().join("nope"), root.path());
        assert_eq!(
            loaded.diagnostics[0].to_string(),
            "nope: migrations folder not found\n  help: create it with `migrate init`, or point to the right folder"
        );
        std::fs::write(
            root.path().join("x.sql"),
            b"-- Revision ID: a\n\n-- migrate:up\nSELECT '\xff';\n",
        )
        .unwrap();
        let loaded = load_folder(root.path(), root.path());
        assert_eq!(
            loaded.diagnostics[0].to_string(),
            "x.sql:4: file is not valid UTF-8\n  help: save the file as UTF-8"
        );
    }
}
