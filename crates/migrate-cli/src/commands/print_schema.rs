//! `migrate print-schema`: writes `schema.rs` for the live database, or for the schema the migrations folder
//! produces (a replay into a scratch database), exactly as `diesel print-schema` writes it.
//!
//! Defaults come from the `[print_schema]` section of an existing `diesel.toml` (`schema`, `with_docs`,
//! `custom_type_derives`, `filter`), the command line overrides them. Like diesel, the text goes to
//! stdout; `--output PATH` writes it to PATH instead, and `--write` to the configured file (`schema` in
//! migrate.toml, else `[print_schema] file` of diesel.toml, else `src/schema.rs`).

mod diesel_toml;

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use migrate_core::HeadsPolicy;
use migrate_runtime::{IntrospectOptions, TableFilter};

use crate::Context;
use crate::config::{DEFAULT_SCHEMA_FILE, Settings};
use diesel_toml::PrintSchema;

/// Where the schema comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// The live database (the default when a database URL is configured).
    Database,
    /// A replay of the migrations folder into a scratch database (the default without a URL: SQLite in
    /// memory).
    Migrations,
}

/// Arguments of `migrate print-schema`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate print-schema > src/schema.rs\n  migrate print-schema --write\n  migrate print-schema --from migrations\n  migrate print-schema --schema custom\n  migrate print-schema -o users posts\n  migrate print-schema --except-tables '^audit_'"
)]
pub struct Args {
    /// Regexes over table names, for --only-tables or --except-tables
    #[arg(value_name = "TABLE_NAME")]
    table_names: Vec<String>,
    /// Only the tables matching one of TABLE_NAME
    #[arg(short = 'o', long, conflicts_with = "except_tables")]
    only_tables: bool,
    /// All tables but those matching one of TABLE_NAME
    #[arg(short = 'e', long)]
    except_tables: bool,
    /// The PostgreSQL schema (MySQL: database) to read; its tables go into `pub mod <schema>`
    #[arg(short = 's', long)]
    schema: Option<String>,
    /// Doc comments: the database's comments, else generated ones
    #[arg(long)]
    with_docs: bool,
    /// Doc comments by diesel's mode name (only-database-comments, no-doc-comments, ...)
    #[arg(long, value_name = "MODE", conflicts_with = "with_docs")]
    with_docs_config: Option<String>,
    /// Derives of the generated `sql_types` structs, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "DERIVES")]
    custom_type_derives: Option<Vec<String>>,
    /// Read the live database, or replay the migrations folder into a scratch database [default:
    /// migrations with --target or --dev-url or without a database URL, else database]
    #[arg(long, value_enum)]
    from: Option<From>,
    /// With --from migrations: the revision to replay up to [default: heads]
    #[arg(long, allow_negative_numbers = true)]
    target: Option<String>,
    /// With --from migrations: an empty scratch database (PostgreSQL, MySQL) [default: `dev_url` in
    /// migrate.toml, else a temporary database on the server of the database URL]
    #[arg(long, value_name = "URL")]
    dev_url: Option<String>,
    /// Write the schema to PATH instead of stdout
    #[arg(long, value_name = "PATH", conflicts_with = "write")]
    output: Option<PathBuf>,
    /// Write the schema to the configured schema.rs instead of stdout
    #[arg(long)]
    write: bool,
}

/// Runs `migrate print-schema`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let diesel = PrintSchema::read(&settings.config_dir)?;
    let options = options(&args, &settings, &diesel)?;
    let replay_options = args.target.is_some() || args.dev_url.is_some();
    let from = match args.from {
        Some(From::Database) if replay_options => {
            bail!("--target and --dev-url are for replays (`--from migrations`)")
        }
        Some(from) => from,
        None if replay_options || settings.database_url_if_any().is_none() => From::Migrations,
        None => From::Database,
    };
    let schema = match from {
        From::Database => {
            let mut conn = migrate_runtime::connect(settings.database_url()?)?;
            migrate_runtime::introspect(&mut conn, &options)?
        }
        From::Migrations => {
            let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
            let scratch = crate::replay::scratch(&settings, args.dev_url.as_deref())?;
            let target = args.target.as_deref().unwrap_or("heads");
            crate::replay::replay(&graph, &settings, target, scratch, &options)?
        }
    };
    let text = migrate_runtime::migrate_schema::print(&schema);
    let path = match (args.output, args.write) {
        (Some(path), _) => path,
        (None, true) => settings
            .schema_file
            .clone()
            .or(diesel.file)
            .unwrap_or_else(|| settings.config_dir.join(DEFAULT_SCHEMA_FILE)),
        (None, false) => {
            context.out.raw(&text);
            return Ok(());
        }
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    context
        .out
        .info(format!("Writing {} ...  done", path.display()));
    Ok(())
}

/// The introspection options: the command line over diesel.toml over diesel's defaults.
fn options(
    args: &Args,
    settings: &Settings,
    diesel: &PrintSchema,
) -> anyhow::Result<IntrospectOptions> {
    let docs = if args.with_docs {
        migrate_runtime::DocComments::DatabaseCommentsOrGenerated
    } else if let Some(mode) = &args.with_docs_config {
        diesel_toml::parse_docs(mode)?
    } else {
        diesel.docs()?.unwrap_or_default()
    };
    let filter = if args.only_tables || args.except_tables {
        Some((args.only_tables, args.table_names.clone()))
    } else if !args.table_names.is_empty() {
        bail!("table names need --only-tables (-o) or --except-tables (-e)");
    } else if let Some(only) = &diesel.filter.only_tables {
        Some((true, only.clone()))
    } else {
        diesel.filter.except_tables.clone().map(|e| (false, e))
    };
    let tables = match filter {
        None => TableFilter::default(),
        Some((only, patterns)) => {
            let regexes = patterns
                .iter()
                .map(|p| regex::Regex::new(p).with_context(|| format!("invalid table regex `{p}`")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            TableFilter::new(move |name| regexes.iter().any(|r| r.is_match(name)) == only)
        }
    };
    Ok(
        IntrospectOptions::for_tables_of(&crate::database::options(settings))
            .with_schema(args.schema.clone().or_else(|| diesel.schema.clone()))
            .with_docs(docs)
            .with_custom_type_derives(
                args.custom_type_derives
                    .clone()
                    .or_else(|| diesel.custom_type_derives.clone())
                    .unwrap_or_default(),
            )
            .with_tables(tables),
    )
}
