//! Reading a migrations folder: every `.sql` file below it, in sorted path order.

use std::fs::FileType;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::parse::{ParsedFile, parse_file_at};
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
    let mut shown = String::new();
    for component in relative.components() {
        // The root (`/`) already ends in a separator; a Windows prefix (`C:`) is followed by the root.
        let after_separator = shown.is_empty() || shown.ends_with('/');
        match component {
            std::path::Component::RootDir => {
                if !shown.ends_with('/') {
                    shown.push('/');
                }
            }
            std::path::Component::Prefix(prefix) => {
                shown.push_str(&prefix.as_os_str().to_string_lossy());
            }
            other => {
                if !after_separator {
                    shown.push('/');
                }
                shown.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    shown
}

/// Lists the migration files below `dir`, sorted, descending into sub-folders that are not dot-folders.
/// `shown` gets each file's path as [`display_path`] formats it.
fn collect_files(
    dir: &Path,
    root: &Path,
    files: &mut Vec<PathBuf>,
    shown: &mut Vec<String>,
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
    // The directory entry knows its type without a `stat`. Every path is `dir` joined with a name, so
    // comparing whole paths compares names; they are unique, so an unstable sort is as good as a stable one.
    let mut entries: Vec<(PathBuf, Option<FileType>)> = entries
        .filter_map(Result::ok)
        .map(|entry| (entry.path(), entry.file_type().ok()))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    // A file's displayed path is the folder's plus its name, when the folder lies under `root`.
    let shown_dir = dir.starts_with(root).then(|| display_path(dir, root));
    for (path, kind) in entries {
        let Some(name) = path.file_name() else {
            continue;
        };
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        // Only a symlink needs a `stat` to see what it points to.
        let is_dir = match kind {
            Some(kind) if kind.is_symlink() => std::fs::metadata(&path).is_ok_and(|m| m.is_dir()),
            Some(kind) => kind.is_dir(),
            None => false,
        };
        if is_dir {
            collect_files(&path, root, files, shown, problems);
        } else if is_migration_file(&name) {
            shown.push(match &shown_dir {
                Some(shown_dir) if shown_dir.is_empty() => name.into_owned(),
                Some(shown_dir) => [shown_dir.as_str(), "/", &name].concat(),
                None => display_path(&path, root),
            });
            files.push(path);
        }
    }
}

/// Reads the whole file at `path` into `buffer`, which keeps its allocation from one file to the next.
/// Unlike [`std::fs::read`], this costs no `stat` call: open, read until end of file, close.
fn read_into<'b>(path: &Path, buffer: &'b mut Vec<u8>) -> std::io::Result<&'b [u8]> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            buffer.resize((2 * buffer.len()).max(16 * 1024), 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(&buffer[..filled]),
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// Reads and parses one file, shown as `shown`: its revision (if it has a usable id) and its problems.
fn load_file(path: &Path, shown: String, buffer: &mut Vec<u8>) -> ParsedFile {
    let problem = |diagnostic| ParsedFile {
        revision: None,
        diagnostics: vec![diagnostic],
    };
    let bytes = match read_into(path, buffer) {
        Ok(bytes) => bytes,
        Err(error) => {
            return problem(Diagnostic::new(
                shown,
                0,
                format!("cannot read file: {error}"),
            ));
        }
    };
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_file_at(shown, text),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            problem(
                Diagnostic::new(shown, line, "file is not valid UTF-8")
                    .with_help("save the file as UTF-8"),
            )
        }
    }
}

/// Reads and parses `files` (shown as `shown`), in order, appending to `revisions` and `diagnostics`.
fn load_files(
    files: &[PathBuf],
    shown: &mut [String],
    revisions: &mut Vec<Revision>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    revisions.reserve(files.len());
    let mut buffer = Vec::new();
    for (path, shown) in files.iter().zip(shown) {
        let parsed = load_file(path, std::mem::take(shown), &mut buffer);
        diagnostics.extend(parsed.diagnostics);
        revisions.extend(parsed.revision);
    }
}

/// Below this many files per thread, starting a thread costs more than it saves.
const MIN_FILES_PER_THREAD: usize = 500;

/// Reads and parses every migration file below `dir`. Paths in diagnostics and revisions are relative to
/// `root` (the crate's manifest folder for the macro, the working directory for the CLI).
///
/// Large folders are read on several threads, each taking a run of consecutive files; the runs are joined
/// in file order, so the result is the same as reading on one thread.
pub fn load_folder(dir: &Path, root: &Path) -> LoadedFolder {
    let mut loaded = LoadedFolder::default();
    let mut shown = Vec::new();
    collect_files(
        dir,
        root,
        &mut loaded.files,
        &mut shown,
        &mut loaded.diagnostics,
    );
    let LoadedFolder {
        revisions,
        diagnostics,
        files,
    } = &mut loaded;
    let threads = match files.len() / MIN_FILES_PER_THREAD {
        0 | 1 => 1,
        most => std::thread::available_parallelism().map_or(1, |n| n.get().min(most)),
    };
    let per_thread = files.len().div_ceil(threads).max(1);
    let mut runs = files.chunks(per_thread).zip(shown.chunks_mut(per_thread));
    let Some((first_files, first_shown)) = runs.next() else {
        return loaded;
    };
    revisions.reserve(files.len());
    std::thread::scope(|scope| {
        // The first run is read on this thread, the others each on their own.
        let others: Vec<_> = runs
            .map(|(files, shown)| {
                scope.spawn(move || {
                    let (mut revisions, mut diagnostics) = (Vec::new(), Vec::new());
                    load_files(files, shown, &mut revisions, &mut diagnostics);
                    (revisions, diagnostics)
                })
            })
            .collect();
        load_files(first_files, first_shown, revisions, diagnostics);
        for other in others {
            let (mut other_revisions, mut other_diagnostics) = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            revisions.append(&mut other_revisions);
            diagnostics.append(&mut other_diagnostics);
        }
    });
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
    fn display_paths_have_one_separator() {
        let shown = |path: &str, root: &str| display_path(Path::new(path), Path::new(root));
        assert_eq!(
            shown("/srv/app/migrations/a.sql", "/work"),
            "/srv/app/migrations/a.sql"
        );
        assert_eq!(shown("/work/migrations/a.sql", "/work"), "migrations/a.sql");
        assert_eq!(shown("/work", "/work"), "");
        assert_eq!(shown("/", "/work"), "/");
        assert_eq!(shown("db/migrations", ""), "db/migrations");
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

    #[test]
    fn reading_on_several_threads_gives_the_order_of_one() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("migrations");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let count = 3 * MIN_FILES_PER_THREAD;
        for i in 0..count {
            let path = dir.join(format!(
                "{}{i:05}.sql",
                if i % 3 == 0 { "sub/" } else { "" }
            ));
            let text = match i % 50 {
                7 => b"-- Revision ID: bad\n\xff\n".to_vec(),
                9 => b"-- Revizes: nothing\n".to_vec(),
                _ => format!("-- Revision ID: r{i}\n\n-- migrate:up\nSELECT {i};\n").into_bytes(),
            };
            std::fs::write(path, text).unwrap();
        }
        let loaded = load_folder(&dir, root.path());
        let mut files = Vec::new();
        let mut shown = Vec::new();
        let mut one_thread = LoadedFolder::default();
        collect_files(
            &dir,
            root.path(),
            &mut files,
            &mut shown,
            &mut one_thread.diagnostics,
        );
        load_files(
            &files,
            &mut shown,
            &mut one_thread.revisions,
            &mut one_thread.diagnostics,
        );
        one_thread.files = files;
        assert_eq!(loaded.files.len(), count);
        assert_eq!(format!("{loaded:?}"), format!("{one_thread:?}"));
        // One for each non-UTF-8 file; unknown key, no id and no up section for each `Revizes` file.
        assert_eq!(loaded.diagnostics.len(), count / 50 * (1 + 3));
    }
}
