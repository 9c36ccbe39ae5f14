//! Writes one revision graph twice: as an Alembic project (`alembic.ini`, `env.py`, `script.py.mako`,
//! `versions/<rev>_x.py` with `op.execute` of the SQL) and as a migrate folder (`migrate.toml`,
//! `migrations/<rev>_x.sql`), with the same ids, parents, labels, dependencies, messages and SQL.

use std::fmt::Write as _;
use std::path::Path;

/// The date both sides record for a generated revision.
pub const CREATE_DATE: &str = "2026-01-01 00:00:00";

/// One revision of a test graph.
#[derive(Clone, Debug)]
pub struct Rev {
    pub id: &'static str,
    pub parents: Vec<&'static str>,
    pub labels: Vec<&'static str>,
    pub depends_on: Vec<&'static str>,
    pub message: String,
}

/// A revision with these parents; its message is `<id> message` and it creates the table `t_<id>`.
pub fn rev(id: &'static str, parents: &[&'static str]) -> Rev {
    Rev {
        id,
        parents: parents.to_vec(),
        labels: Vec::new(),
        depends_on: Vec::new(),
        message: format!("{id} message"),
    }
}

impl Rev {
    /// Adds a branch label.
    pub fn label(mut self, label: &'static str) -> Rev {
        self.labels.push(label);
        self
    }

    /// Adds a `Depends On` revision or label.
    pub fn depends(mut self, on: &'static str) -> Rev {
        self.depends_on.push(on);
        self
    }

    /// The up SQL, the same on both sides.
    pub fn up(&self) -> String {
        format!("CREATE TABLE t_{} (id INTEGER)", self.id)
    }

    /// The down SQL, the same on both sides.
    pub fn down(&self) -> String {
        format!("DROP TABLE t_{}", self.id)
    }
}

/// `sqlalchemy.url` / `database_url` of a SQLite file: SQLAlchemy's absolute form.
pub fn sqlite_url(db: &Path) -> String {
    format!("sqlite:///{}", db.display())
}

const ALEMBIC_INI: &str = "[alembic]
script_location = %(here)s/alembic
path_separator = os
sqlalchemy.url = {url}

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
";

/// Online and offline (`--sql`) mode, as `alembic init` writes it, without a target metadata.
const ENV_PY: &str = r#"from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
"#;

/// Alembic's generic template.
const SCRIPT_MAKO: &str = r#""""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
"#;

fn py_str(s: &str) -> String {
    format!("'{s}'")
}

fn py_tuple(items: &[&str]) -> String {
    match items {
        [] => "None".to_owned(),
        [one] => format!("({},)", py_str(one)),
        many => format!(
            "({})",
            many.iter()
                .map(|s| py_str(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The Alembic script of a revision.
fn alembic_script(rev: &Rev) -> String {
    let down_revision = match rev.parents.as_slice() {
        [] => "None".to_owned(),
        [one] => py_str(one),
        many => py_tuple(many),
    };
    format!(
        "\"\"\"{message}\n\nRevision ID: {id}\nRevises: {revises}\nCreate Date: {CREATE_DATE}\n\n\"\"\"\n\
         from alembic import op\n\n\
         revision = {rid}\n\
         down_revision = {down_revision}\n\
         branch_labels = {labels}\n\
         depends_on = {depends}\n\n\n\
         def upgrade():\n    op.execute(\"{up}\")\n\n\n\
         def downgrade():\n    op.execute(\"{down}\")\n",
        message = rev.message,
        id = rev.id,
        revises = rev.parents.join(", "),
        rid = py_str(rev.id),
        labels = py_tuple(&rev.labels),
        depends = py_tuple(&rev.depends_on),
        up = rev.up(),
        down = rev.down(),
    )
}

/// The migrate file of a revision.
fn migrate_file(rev: &Rev) -> String {
    let mut text = format!("-- Revision ID: {}\n", rev.id);
    if !rev.parents.is_empty() {
        let _ = writeln!(text, "-- Revises: {}", rev.parents.join(", "));
    }
    let _ = writeln!(text, "-- Message: {}", rev.message);
    let _ = writeln!(text, "-- Create Date: {CREATE_DATE}");
    if !rev.labels.is_empty() {
        let _ = writeln!(text, "-- Branch Labels: {}", rev.labels.join(", "));
    }
    if !rev.depends_on.is_empty() {
        let _ = writeln!(text, "-- Depends On: {}", rev.depends_on.join(", "));
    }
    let _ = write!(
        text,
        "\n-- migrate:up\n{};\n\n-- migrate:down\n{};\n",
        rev.up(),
        rev.down()
    );
    text
}

/// Writes the Alembic project into `dir` (`alembic.ini` at the top, scripts in `dir/alembic`).
pub fn write_alembic(dir: &Path, db: &Path, revs: &[Rev]) {
    let versions = dir.join("alembic").join("versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        dir.join("alembic.ini"),
        ALEMBIC_INI.replace("{url}", &sqlite_url(db)),
    )
    .unwrap();
    std::fs::write(dir.join("alembic").join("env.py"), ENV_PY).unwrap();
    std::fs::write(dir.join("alembic").join("script.py.mako"), SCRIPT_MAKO).unwrap();
    for rev in revs {
        std::fs::write(
            versions.join(format!("{}_x.py", rev.id)),
            alembic_script(rev),
        )
        .unwrap();
    }
}

/// Writes the migrate project into `dir` (`migrate.toml` and `migrations/`).
pub fn write_migrate(dir: &Path, db: &Path, revs: &[Rev]) {
    let migrations = dir.join("migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    std::fs::write(
        dir.join("migrate.toml"),
        format!(
            "dir = \"migrations\"\ndatabase_url = \"{}\"\n",
            sqlite_url(db)
        ),
    )
    .unwrap();
    for rev in revs {
        std::fs::write(
            migrations.join(format!("{}_x.sql", rev.id)),
            migrate_file(rev),
        )
        .unwrap();
    }
}
