//! The glue of scratch databases (replays of `--from migrations`, `migrate test`, `check --drift`): which
//! scratch database, and a Ctrl-C handler that drops a temporary database before the process exits.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use migrate_core::RevisionGraph;
use migrate_runtime::migrate_schema::Schema;
use migrate_runtime::{Backend, IntrospectOptions, Scratch};

use crate::config::Settings;

/// The scratch database of a replay: `--dev-url`, else `dev_url` of migrate.toml, else a temporary
/// database on the server of the database URL (PostgreSQL, MySQL), else SQLite in memory.
pub fn scratch(settings: &Settings, dev_url: Option<&str>) -> anyhow::Result<Scratch> {
    if let Some(url) = dev_url.or(settings.dev_url.as_deref()) {
        Backend::from_url(url)?;
        return Ok(Scratch::DevUrl(url.to_owned()));
    }
    match settings.database_url_if_any() {
        Some(url) if Backend::from_url(url)? != Backend::Sqlite => {
            Ok(Scratch::TemporaryOn(url.to_owned()))
        }
        _ => Ok(Scratch::SqliteMemory),
    }
}

/// Replays the folder up to each of `targets` into `scratch` and introspects it. While it runs, Ctrl-C
/// drops the temporary database and exits with 130.
pub fn replay(
    graph: &RevisionGraph,
    settings: &Settings,
    targets: &[&str],
    scratch: Scratch,
    options: &IntrospectOptions,
) -> anyhow::Result<Schema> {
    guarded(|| {
        migrate_runtime::replay_all(
            graph,
            targets,
            &scratch,
            &crate::database::options(settings),
            options,
        )
    })
}

/// How a scratch database is shown: `SQLite in memory`, `the dev database ...`, `a temporary database on ...`
/// (URLs without their password).
pub fn describe(scratch: &Scratch) -> String {
    match scratch {
        Scratch::SqliteMemory => "SQLite in memory".to_owned(),
        Scratch::DevUrl(url) => format!("the dev database {}", migrate_runtime::redact_url(url)),
        Scratch::TemporaryOn(url) => format!(
            "a temporary database on the server of {}",
            migrate_runtime::redact_url(url)
        ),
    }
}

/// Runs `body`, which uses a scratch database. While it runs, Ctrl-C drops the temporary database and
/// exits with 130.
pub fn guarded<T>(body: impl FnOnce() -> Result<T, migrate_runtime::Error>) -> anyhow::Result<T> {
    static HANDLER: Once = Once::new();
    static INTERRUPTED: AtomicBool = AtomicBool::new(false);
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            INTERRUPTED.store(true, Ordering::SeqCst);
            migrate_runtime::drop_scratch_databases();
            std::process::exit(130);
        });
    });
    let result = body();
    // Dropping the database ends the scratch connection with an error: the handler exits, not us.
    while result.is_err() && INTERRUPTED.load(Ordering::SeqCst) {
        std::thread::park_timeout(std::time::Duration::from_millis(100));
    }
    Ok(result?)
}
