//! What `migrate import diesel` and `migrate import alembic` share: checking the converted revisions with the
//! build's rules, together with what the folder already holds, before writing anything.

use std::path::Path;

use anyhow::{Context as _, bail};
use migrate_core::{HeadsPolicy, LoadedFolder};

use crate::Context;
use crate::config::Settings;

/// One converted revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// The revision id.
    pub id: String,
    /// The message (also names the file).
    pub message: String,
    /// The whole file.
    pub text: String,
    /// The up section the file must hold, byte for byte.
    pub up: String,
    /// The down section it must hold (`None`: irreversible).
    pub down: Option<String>,
    /// Where it came from, for messages.
    pub origin: String,
}

/// Whether a folder holds anything but dot-files (a missing folder holds nothing).
fn holds_something(dir: &Path) -> anyhow::Result<usize> {
    match std::fs::read_dir(dir) {
        Ok(entries) => Ok(entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .count()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", dir.display())),
    }
}

/// Validates `files` with the folder's revisions under the build's rules (one head) and writes them; writes
/// nothing when anything is wrong. With `force`, a non-empty folder is accepted, and a file that already
/// exists with the same text is left as it is (so importing again adds only what is new).
pub fn write(
    context: &Context,
    settings: &Settings,
    files: Vec<NewFile>,
    force: bool,
    source: &str,
) -> anyhow::Result<()> {
    let dir = &settings.dir;
    let shown_dir = settings.display_dir();
    let entries = holds_something(dir)?;
    if entries > 0 && !force {
        bail!(
            "{shown_dir} is not empty ({entries} {}); import into an empty folder (`--dir` or `dir` in migrate.toml), or pass `--force` to add the revisions beside what it holds",
            if entries == 1 { "entry" } else { "entries" }
        );
    }
    let mut loaded = if entries > 0 {
        migrate_core::load_folder(dir, &settings.root)
    } else {
        LoadedFolder::default()
    };
    let mut problems = Vec::new();
    let mut to_write = Vec::new();
    let mut unchanged = 0;
    for file in &files {
        let name = crate::template::file_name(&settings.file_template, &file.id, &file.message);
        let path = dir.join(&name);
        let shown = migrate_core::display_path(&path, &settings.root);
        if path.exists() {
            if std::fs::read_to_string(&path).ok().as_deref() == Some(file.text.as_str()) {
                unchanged += 1;
                continue;
            }
            problems.push(format!(
                "{shown} already exists with other content (from {}); remove it or import into another folder",
                file.origin
            ));
            continue;
        }
        let parsed = migrate_core::parse_file(&shown, &file.text);
        if let Some(revision) = &parsed.revision
            && (revision.up_sql != file.up || revision.down_sql.as_deref() != file.down.as_deref())
        {
            problems.push(format!(
                "{}: its SQL holds a `-- migrate:` line, which migrate would read as a section marker; change that line (a comment can say `migrate up`), then import again",
                file.origin
            ));
        }
        loaded.diagnostics.extend(parsed.diagnostics);
        loaded.revisions.extend(parsed.revision);
        loaded.files.push(path.clone());
        to_write.push((path, shown, &file.text));
    }
    if !problems.is_empty() {
        bail!("nothing was written:\n  {}", problems.join("\n  "));
    }
    if let Err(diagnostics) = migrate_core::validate(loaded, HeadsPolicy::Single) {
        bail!("nothing was written, the folder would not build: {diagnostics}");
    }
    if !to_write.is_empty() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {shown_dir}"))?;
    }
    for (path, shown, text) in &to_write {
        std::fs::write(path, text).with_context(|| format!("cannot write {shown}"))?;
        context.out.line(format!("Generating {shown} ...  done"));
    }
    context.out.info(format!(
        "Imported {} {} from {source} into {shown_dir}{}.",
        to_write.len(),
        if to_write.len() == 1 {
            "revision"
        } else {
            "revisions"
        },
        if unchanged > 0 {
            format!(" ({unchanged} already there, unchanged)")
        } else {
            String::new()
        }
    ));
    Ok(())
}
