//! The `[print_schema]` section of an existing `diesel.toml`, for the defaults of `migrate print-schema`:
//! `file`, `schema`, `with_docs`, `custom_type_derives` and `filter`. Other keys are diesel's business and
//! are ignored, as are the named sections of several schemas (`[print_schema.<name>]`).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use migrate_runtime::DocComments;
use serde::Deserialize;

/// The file name diesel_cli reads.
pub const DIESEL_TOML: &str = "diesel.toml";

#[derive(Debug, Default, Deserialize)]
struct File {
    print_schema: Option<PrintSchema>,
}

/// What `[print_schema]` says.
#[derive(Debug, Default, Deserialize)]
pub struct PrintSchema {
    /// Where diesel writes `schema.rs` after migrations (relative to diesel.toml).
    pub file: Option<PathBuf>,
    /// The PostgreSQL schema.
    pub schema: Option<String>,
    with_docs: Option<WithDocs>,
    /// Derives of the generated `sql_types` structs.
    pub custom_type_derives: Option<Vec<String>>,
    /// The table filter.
    #[serde(default)]
    pub filter: Filter,
}

/// `with_docs`: a boolean or one of diesel's mode names.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum WithDocs {
    Flag(bool),
    Mode(String),
}

/// `[print_schema.filter]`: regexes over table names.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    /// Only the tables matching one of these.
    pub only_tables: Option<Vec<String>>,
    /// All but the tables matching one of these.
    pub except_tables: Option<Vec<String>>,
}

impl PrintSchema {
    /// Reads `dir/diesel.toml`; an absent file is an empty section. `file` comes back relative to `dir`.
    pub fn read(dir: &Path) -> anyhow::Result<PrintSchema> {
        let path = dir.join(DIESEL_TOML);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(PrintSchema::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let file: File = toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!("invalid {}: {}", path.display(), e.to_string().trim_end())
        })?;
        let mut section = file.print_schema.unwrap_or_default();
        section.file = section.file.map(|f| dir.join(f));
        Ok(section)
    }

    /// The doc comment mode, as diesel reads `with_docs`.
    pub fn docs(&self) -> anyhow::Result<Option<DocComments>> {
        Ok(match &self.with_docs {
            None => None,
            Some(WithDocs::Flag(true)) => Some(DocComments::DatabaseCommentsOrGenerated),
            Some(WithDocs::Flag(false)) => Some(DocComments::None),
            Some(WithDocs::Mode(mode)) => Some(parse_docs(mode)?),
        })
    }
}

/// diesel's names of the doc comment modes (`--with-docs-config`, `with_docs = "..."`).
pub fn parse_docs(mode: &str) -> anyhow::Result<DocComments> {
    Ok(match mode {
        "database-comments-fallback-to-auto-generated-doc-comment" => {
            DocComments::DatabaseCommentsOrGenerated
        }
        "only-database-comments" => DocComments::DatabaseComments,
        "no-doc-comments" => DocComments::None,
        other => bail!(
            "unknown doc comment mode `{other}`: use database-comments-fallback-to-auto-generated-doc-comment, only-database-comments or no-doc-comments"
        ),
    })
}
