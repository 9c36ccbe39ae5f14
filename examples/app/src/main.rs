//! The example application: it embeds the repository's `migrations/` folder at compile time and, at
//! start-up, brings the database to `head`.
//!
//! ```text
//! cargo run -p migrate-example                        # SQLite file migrate-example.db, no setup
//! DATABASE_URL=postgres://postgres@127.0.0.1/test cargo run -p migrate-example --features postgres
//! DATABASE_URL=mysql://root@127.0.0.1/test cargo run -p migrate-example --features mysql
//! ```

use std::process::ExitCode;

use migrate_runtime::{EmbeddedMigrations, connect, embed_migrations, redact_url};

/// The migrations, validated and embedded when this crate compiles.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The error, then what caused it (a database's own message is the source of
            // `Error::Database` and `Error::Connection`).
            let mut text = error.to_string();
            let mut cause = std::error::Error::source(&error);
            while let Some(inner) = cause {
                text.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
            eprintln!("ERROR {text}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), migrate_runtime::Error> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "migrate-example.db".to_owned());
    println!("INFO  Database: {}", redact_url(&url));
    let mut conn = connect(&url)?;
    let mut migrator = MIGRATIONS
        .migrator()
        .on_step(|step| println!("INFO  {step}"));
    let report = migrator.upgrade(&mut conn, "head")?;
    for warning in &report.warnings {
        println!("WARN  {warning}");
    }
    let heads = report.heads_after.join(", ");
    if report.steps.is_empty() {
        println!("INFO  Database is already at head: {heads}");
    } else {
        println!(
            "INFO  Upgraded {} revision{}; database is at head: {heads}",
            report.steps.len(),
            if report.steps.len() == 1 { "" } else { "s" }
        );
    }
    Ok(())
}
