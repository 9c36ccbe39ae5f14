//! The N generated revisions as a diesel_migrations source held in memory, as `embed_migrations!` would hold
//! them, so diesel's timings, like migrate's, exclude reading a folder.

use std::fmt;

use diesel::backend::Backend;
use diesel::connection::BoxableConnection;
use diesel::migration::{
    Migration, MigrationMetadata, MigrationName, MigrationSource, MigrationVersion, Result,
};

use crate::fixtures::{diesel_version, down_sql, up_sql};

/// One migration: its version (also its name) and SQL.
#[derive(Debug)]
struct MemoryMigration {
    version: String,
    up: String,
    down: String,
}

/// The default metadata: run in a transaction, as diesel does for a migration without `metadata.toml`.
#[derive(Debug)]
struct InTransaction;

impl MigrationMetadata for InTransaction {}

impl fmt::Display for MemoryMigration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.version)
    }
}

impl MigrationName for MemoryMigration {
    fn version(&self) -> MigrationVersion<'_> {
        MigrationVersion::from(self.version.as_str())
    }
}

impl<DB: Backend> Migration<DB> for &MemoryMigration {
    fn run(&self, conn: &mut dyn BoxableConnection<DB>) -> Result<()> {
        Ok(conn.batch_execute(&self.up)?)
    }

    fn revert(&self, conn: &mut dyn BoxableConnection<DB>) -> Result<()> {
        Ok(conn.batch_execute(&self.down)?)
    }

    fn metadata(&self) -> &dyn MigrationMetadata {
        &InTransaction
    }

    fn name(&self) -> &dyn MigrationName {
        *self
    }
}

/// `count` one-table migrations, the same SQL as the generated folders. Leaked once, like the `'static`
/// table `embed_migrations!` builds, so each `migrations()` call only boxes references.
#[derive(Debug, Clone, Copy)]
pub struct MemorySource(&'static [MemoryMigration]);

impl MemorySource {
    /// The migrations for tables `0..count`.
    pub fn new(count: usize) -> Self {
        let all: Vec<MemoryMigration> = (0..count)
            .map(|i| MemoryMigration {
                version: diesel_version(i),
                up: up_sql(i) + ";",
                down: down_sql(i) + ";",
            })
            .collect();
        MemorySource(Box::leak(all.into_boxed_slice()))
    }
}

impl<DB: Backend> MigrationSource<DB> for MemorySource {
    fn migrations(&self) -> Result<Vec<Box<dyn Migration<DB>>>> {
        Ok(self
            .0
            .iter()
            .map(|m| Box::new(m) as Box<dyn Migration<DB>>)
            .collect())
    }
}
