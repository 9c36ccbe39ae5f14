//! `migrate.toml` and the settings every command reads: the migrations folder, the database URL and the
//! table names, from the command line, the environment and the file, in that order of precedence.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use migrate_core::{HeadsPolicy, RevisionGraph};
use migrate_runtime::{OnMismatch, Options};
use serde::Deserialize;

/// The default name of the configuration file, looked up in the working directory.
pub const CONFIG_FILE: &str = "migrate.toml";
/// The default migrations folder.
pub const DEFAULT_DIR: &str = "migrations";
/// The default history table (the runtime's).
pub const DEFAULT_HISTORY_TABLE: &str = Options::DEFAULT_HISTORY_TABLE;
/// The default log table (the runtime's).
pub const DEFAULT_LOG_TABLE: &str = Options::DEFAULT_LOG_TABLE;
/// The default `schema.rs` file.
pub const DEFAULT_SCHEMA_FILE: &str = "src/schema.rs";
/// The default file name of a new revision.
pub const DEFAULT_FILE_TEMPLATE: &str = "{rev}_{slug}.sql";

/// What `migrate.toml` may contain. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The migrations folder, relative to the file.
    pub dir: Option<String>,
    /// The database URL; `${VAR}` is replaced by the environment variable `VAR`.
    pub database_url: Option<String>,
    /// The history table.
    pub history_table: Option<String>,
    /// The log table.
    pub log_table: Option<String>,
    /// The file name of new revisions: `{rev}` and `{slug}` are replaced.
    pub file_template: Option<String>,
    /// `error` (default) or `warn`: what an applied revision whose file changed does to upgrade/downgrade/stamp.
    pub on_checksum_mismatch: Option<Mismatch>,
    /// SQL run on every migration connection before anything else: one string or a list of strings.
    pub init_sql: Option<InitSql>,
    /// The `schema.rs` file (`migrate print-schema --write`), relative to the file; default `src/schema.rs`.
    pub schema: Option<String>,
    /// An empty scratch database for replaying the folder (PostgreSQL, MySQL); `${VAR}` is expanded.
    pub dev_url: Option<String>,
    /// Whether `migrate check` also compares the live database with the folder's replay (`--drift`).
    pub drift: Option<bool>,
    /// `[print_schema]`: what migrate does with `schema.rs` beyond `migrate print-schema`.
    pub print_schema: Option<PrintSchemaConfig>,
    /// `[autogenerate]`: choices of `migrate revision --autogenerate` that `schema.rs` cannot say.
    pub autogenerate: Option<AutogenerateConfig>,
}

/// The `[autogenerate]` section of `migrate.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutogenerateConfig {
    /// A new table whose key is one integer column gets an auto-incrementing key (PostgreSQL identity,
    /// MySQL `AUTO_INCREMENT`; SQLite's `INTEGER PRIMARY KEY` is the rowid either way). Default true.
    pub auto_increment: Option<bool>,
}

/// The `[print_schema]` section of `migrate.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintSchemaConfig {
    /// Rewrite the schema file from the database after every CLI `upgrade` and `downgrade` (what diesel
    /// does after `diesel migration run` when diesel.toml has `[print_schema] file`).
    pub after_upgrade: Option<bool>,
}

/// `init_sql` in `migrate.toml`: one string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum InitSql {
    /// One SQL text (it may hold several statements).
    One(String),
    /// Several, run in order.
    Many(Vec<String>),
}

impl InitSql {
    fn into_list(self) -> Vec<String> {
        match self {
            InitSql::One(text) => vec![text],
            InitSql::Many(list) => list,
        }
    }
}

/// `on_checksum_mismatch` in `migrate.toml`: the runtime's [`OnMismatch`], read as `error` or `warn`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Mismatch(#[serde(with = "OnMismatchKey")] pub OnMismatch);

/// How serde reads [`OnMismatch`] (a remote derive: it fails to build if the runtime's variants change).
#[derive(Deserialize)]
#[serde(remote = "OnMismatch", rename_all = "lowercase")]
enum OnMismatchKey {
    Error,
    Warn,
}

/// The text `migrate init` writes.
pub fn template(dir: &str) -> String {
    format!(
        r#"# Settings of the `migrate` command-line tool. Every key is optional.
# Paths are relative to this file. Command-line options take precedence.

# The migrations folder: the one `embed_migrations!()` embeds.
dir = "{dir}"

# The database URL. `${{VAR}}` is replaced by the environment variable VAR.
# `--database-url` and the DATABASE_URL environment variable take precedence over this line.
# Examples: postgres://user:password@localhost/app, mysql://user:password@localhost/app,
#           sqlite:///app.db (./app.db), sqlite:////srv/app.db (/srv/app.db), a file path (app.db)
database_url = "${{DATABASE_URL}}"

# The table recording applied revisions, and the append-only table logging every step.
history_table = "{DEFAULT_HISTORY_TABLE}"
log_table = "{DEFAULT_LOG_TABLE}"

# The file name of new revisions: {{rev}} is the revision id, {{slug}} the message in lowercase words.
file_template = "{DEFAULT_FILE_TEMPLATE}"

# An applied revision whose up section changed: "error" refuses to run, "warn" runs and warns.
on_checksum_mismatch = "error"

# SQL run on every migration connection before anything else (before the lock), and at the top of
# `--sql` scripts: one string or a list, e.g. ["SET FOREIGN_KEY_CHECKS = 0"] or ["SET search_path TO app"].
# init_sql = []

# The schema.rs file `migrate print-schema --write` writes. Unset: the `[print_schema] file` of an
# existing diesel.toml, else src/schema.rs.
# schema = "src/schema.rs"

# An empty database that `migrate print-schema --from migrations`, `migrate test` and `check --drift` replay
# the folder into on PostgreSQL and MySQL (emptied again afterwards); without it, a temporary database is
# created on the server and dropped.
# dev_url = "${{DEV_DATABASE_URL}}"

# `migrate check` also compares the live database with the folder's replay (indexes, defaults and
# constraints included), as `migrate check --drift` does.
# drift = false

# Rewrite the schema.rs file above from the database after every `migrate upgrade` and `migrate downgrade`
# (as diesel does after `diesel migration run`), for teams whose source of truth is the migrations folder.
# [print_schema]
# after_upgrade = true

# `migrate revision --autogenerate`: a new table whose key is one integer column gets an auto-incrementing
# key (PostgreSQL GENERATED BY DEFAULT AS IDENTITY, MySQL AUTO_INCREMENT); false writes a plain key.
# [autogenerate]
# auto_increment = true
"#
    )
}

/// Options from the command line that override the file.
#[derive(Debug, Default)]
pub struct Overrides {
    /// `-c/--config`.
    pub config: Option<PathBuf>,
    /// `--dir`.
    pub dir: Option<PathBuf>,
    /// `--database-url`, else a non-empty DATABASE_URL (from the environment or `.env`).
    pub database_url: Option<String>,
}

/// The settings a command works with.
#[derive(Debug)]
pub struct Settings {
    /// The migrations folder.
    pub dir: PathBuf,
    /// Where paths in messages are relative to (the working directory, like the macro's crate folder).
    pub root: PathBuf,
    /// Where the database URL came from and what it is, if anywhere.
    database_url: Result<String, String>,
    /// The history table.
    pub history_table: String,
    /// The log table.
    pub log_table: String,
    /// The file name template of new revisions.
    pub file_template: String,
    /// What checksum drift does.
    pub on_checksum_mismatch: OnMismatch,
    /// SQL run on every migration connection first.
    pub init_sql: Vec<String>,
    /// The `schema.rs` file, when `schema` is set (the default is [`DEFAULT_SCHEMA_FILE`]).
    pub schema_file: Option<PathBuf>,
    /// The scratch database of replays (`dev_url`), if configured.
    pub dev_url: Option<String>,
    /// Whether `migrate check` looks for drift (`drift` in migrate.toml).
    pub drift: bool,
    /// The folder of the configuration file (where `diesel.toml` is looked for).
    pub config_dir: PathBuf,
    /// `[print_schema] after_upgrade`: rewrite the schema file after `upgrade` and `downgrade`.
    pub print_schema_after_upgrade: bool,
    /// `[autogenerate] auto_increment`: new single-integer keys auto-increment (default true).
    pub auto_increment: bool,
}

impl Settings {
    /// Reads the configuration file (if any) and applies the overrides (`DATABASE_URL` among them).
    pub fn load(overrides: Overrides) -> anyhow::Result<Settings> {
        let root = std::env::current_dir().context("cannot read the working directory")?;
        let (file, base) = match &overrides.config {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| {
                    format!("cannot read configuration file {}", path.display())
                })?;
                (parse(&text, path)?, parent_of(path))
            }
            None => {
                let path = Path::new(CONFIG_FILE);
                match std::fs::read_to_string(path) {
                    Ok(text) => (parse(&text, path)?, PathBuf::new()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        (ConfigFile::default(), PathBuf::new())
                    }
                    Err(e) => bail!("cannot read configuration file {CONFIG_FILE}: {e}"),
                }
            }
        };
        let dir = match (overrides.dir, &file.dir) {
            (Some(dir), _) => dir,
            (None, Some(dir)) => base.join(dir),
            (None, None) => PathBuf::from(DEFAULT_DIR),
        };
        // `--database-url` holds DATABASE_URL when the flag is not given (clap's `env`).
        let database_url = match (overrides.database_url, &file.database_url) {
            (Some(url), _) => Ok(url),
            (None, Some(url)) => expand_env(url, |name| std::env::var(name).ok()),
            (None, None) => Err(String::new()),
        };
        Ok(Settings {
            dir,
            root,
            database_url,
            history_table: file
                .history_table
                .unwrap_or_else(|| DEFAULT_HISTORY_TABLE.into()),
            log_table: file.log_table.unwrap_or_else(|| DEFAULT_LOG_TABLE.into()),
            file_template: file
                .file_template
                .unwrap_or_else(|| DEFAULT_FILE_TEMPLATE.into()),
            on_checksum_mismatch: file.on_checksum_mismatch.map(|m| m.0).unwrap_or_default(),
            init_sql: file.init_sql.map(InitSql::into_list).unwrap_or_default(),
            schema_file: file.schema.as_deref().map(|path| base.join(path)),
            dev_url: match &file.dev_url {
                Some(url) => Some(expand_env(url, |name| std::env::var(name).ok()).map_err(
                    |_| anyhow::anyhow!("{CONFIG_FILE}: `dev_url` uses a variable that is not set"),
                )?),
                None => None,
            },
            drift: file.drift.unwrap_or_default(),
            config_dir: base,
            print_schema_after_upgrade: file
                .print_schema
                .and_then(|p| p.after_upgrade)
                .unwrap_or(false),
            auto_increment: file
                .autogenerate
                .and_then(|a| a.auto_increment)
                .unwrap_or(true),
        })
    }

    /// The database URL, or an error saying how to give one.
    pub fn database_url(&self) -> anyhow::Result<&str> {
        match &self.database_url {
            Ok(url) => Ok(url),
            Err(why) if why.is_empty() => bail!(
                "no database URL: pass `--database-url`, set DATABASE_URL, or set `database_url` in {CONFIG_FILE}"
            ),
            Err(why) => bail!("{why}"),
        }
    }

    /// The database URL if one is configured, without failing.
    pub fn database_url_if_any(&self) -> Option<&str> {
        self.database_url.as_deref().ok()
    }

    /// Reads and validates the migrations folder; every problem is reported at once.
    pub fn load_graph(&self, heads: HeadsPolicy) -> anyhow::Result<RevisionGraph> {
        Ok(migrate_core::load_and_validate(
            &self.dir, &self.root, heads,
        )?)
    }

    /// The folder as shown in messages: relative to the working directory where possible.
    pub fn display_dir(&self) -> String {
        migrate_core::display_path(&self.dir, &self.root)
    }
}

fn parent_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn parse(text: &str, path: &Path) -> anyhow::Result<ConfigFile> {
    toml::from_str(text).map_err(|e| {
        // The TOML error quotes the line: remove the passwords of every URL the file holds.
        let urls = urls_in_config(text, |name| std::env::var(name).ok());
        anyhow::anyhow!(
            "invalid configuration file {}: {}",
            path.display(),
            migrate_runtime::redact_text(e.to_string().trim_end(), &urls)
        )
    })
}

/// Every database URL this run may be about, so that no message shows one of their passwords: `--database-url`,
/// DATABASE_URL and the URLs in the configuration file (read line by line, so a file that does not parse counts
/// too).
pub fn known_urls(overrides: &Overrides) -> Vec<String> {
    let mut urls: Vec<String> = overrides.database_url.iter().cloned().collect();
    urls.extend(std::env::var("DATABASE_URL").ok());
    let path = overrides
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from(CONFIG_FILE));
    if let Ok(text) = std::fs::read_to_string(path) {
        urls.extend(urls_in_config(&text, |name| std::env::var(name).ok()));
    }
    urls
}

/// The values of `key = value` lines that are or may expand to URLs, as written and with `${VAR}` expanded.
fn urls_in_config(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let mut urls = Vec::new();
    for line in text.lines() {
        let Some((_, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']);
        if value.contains("://") {
            urls.push(value.to_owned());
        }
        if value.contains("${")
            && let Ok(expanded) = expand_env(value, &lookup)
        {
            urls.push(expanded);
        }
    }
    urls
}

/// Replaces every `${VAR}` in `value` with the variable's value. A variable that is not set is an error that
/// names it (an empty URL would only fail later with a worse message).
pub fn expand_env(value: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(format!(
                "{CONFIG_FILE}: `database_url` has an unterminated `${{` in `{value}`"
            ));
        };
        let name = &after[..end];
        match lookup(name).filter(|v| !v.is_empty()) {
            Some(v) => out.push_str(&v),
            // DATABASE_URL itself was looked up first: unset, it means no URL was given anywhere.
            None if name == "DATABASE_URL" => return Err(String::new()),
            None => {
                return Err(format!(
                    "no database URL: `database_url` in {CONFIG_FILE} uses ${{{name}}}, which is not set; set it, pass `--database-url`, or set DATABASE_URL"
                ));
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_variables() {
        let env = |name: &str| (name == "HOST").then(|| "db.local".to_owned());
        assert_eq!(
            expand_env("postgres://u@${HOST}/app", env).unwrap(),
            "postgres://u@db.local/app"
        );
        assert_eq!(expand_env("app.db", env).unwrap(), "app.db");
        assert_eq!(
            expand_env("${NOPE}", env).unwrap_err(),
            "no database URL: `database_url` in migrate.toml uses ${NOPE}, which is not set; set it, pass `--database-url`, or set DATABASE_URL"
        );
        assert!(expand_env("${HOST", env).is_err());
        assert_eq!(expand_env("${DATABASE_URL}", env).unwrap_err(), "");
    }

    #[test]
    fn finds_urls_in_a_broken_file() {
        let env = |name: &str| (name == "PW").then(|| "fromenv".to_owned());
        assert_eq!(
            urls_in_config(
                "dir = \"m\"\ndatabase_url = \"postgres://u:s3cret@h/db\nx = 'mysql://u:${PW}@h/db'\n",
                env
            ),
            [
                "postgres://u:s3cret@h/db",
                "mysql://u:${PW}@h/db",
                "mysql://u:fromenv@h/db"
            ]
        );
    }

    #[test]
    fn template_parses() {
        let file: ConfigFile = toml::from_str(&template("migrations")).unwrap();
        assert_eq!(file.dir.as_deref(), Some("migrations"));
        assert_eq!(file.database_url.as_deref(), Some("${DATABASE_URL}"));
        assert_eq!(file.file_template.as_deref(), Some(DEFAULT_FILE_TEMPLATE));
        assert!(file.init_sql.is_none());
        assert!(file.schema.is_none() && file.dev_url.is_none());
        assert!(file.print_schema.is_none() && file.autogenerate.is_none());
        let on: ConfigFile = toml::from_str("[print_schema]\nafter_upgrade = true\n").unwrap();
        assert_eq!(on.print_schema.unwrap().after_upgrade, Some(true));
        assert!(toml::from_str::<ConfigFile>("[print_schema]\nfile = \"x\"\n").is_err());
    }

    #[test]
    fn init_sql_is_a_string_or_a_list() {
        let one: ConfigFile = toml::from_str("init_sql = \"SET a = 1\"").unwrap();
        assert_eq!(one.init_sql.unwrap().into_list(), ["SET a = 1"]);
        let many: ConfigFile = toml::from_str("init_sql = [\"SET a = 1\", \"SET b = 2\"]").unwrap();
        assert_eq!(
            many.init_sql.unwrap().into_list(),
            ["SET a = 1", "SET b = 2"]
        );
        assert!(toml::from_str::<ConfigFile>("init_sql = 3").is_err());
    }
}
