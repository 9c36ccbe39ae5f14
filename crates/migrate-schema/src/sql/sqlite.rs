//! SQLite: `ALTER TABLE` where SQLite has it, else the table rebuild.
//!
//! Native: `CREATE`/`DROP TABLE`, `RENAME TO`, `ADD COLUMN` of a nullable column, `DROP COLUMN` of a
//! column nothing else names (no key, index, unique, trigger or check), `RENAME COLUMN`. Everything else (a
//! type, nullability or primary-key change, a foreign key added to or dropped from an existing table, a NOT
//! NULL column added) rebuilds the table as sqlite.org's ALTER TABLE page describes: create the new
//! table, copy the rows, drop the old table, rename the new one, recreate the old table's indexes and
//! triggers from their definitions. Consecutive operations on one table share one rebuild.
//!
//! Foreign keys: SQLite declares a foreign key to a table that does not exist yet, so a cycle's keys stay
//! in the `CREATE TABLE`s, and a cycle of dropped tables needs no key dropped first. A rebuild, or a drop of
//! a table other tables reference, must not run with foreign key enforcement on (the old table's `DROP`
//! would delete or refuse the children's parents), and SQLite ignores `PRAGMA foreign_keys` inside a
//! transaction. Such a section therefore runs outside migrate's transaction (the revision is
//! `Transactional: false`) and brings its own: `PRAGMA foreign_keys = OFF`, `BEGIN`, the statements, a
//! check that fails when `pragma_foreign_key_check` reports any row, `COMMIT`, `PRAGMA foreign_keys = ON`.
//! The last statement leaves enforcement on, as an application that uses foreign keys has it; migrate's
//! own connections start with it off.

use crate::diff::{Catalog, Op, TableId, TableState};
use crate::model::Column;
use crate::types::SqlType;

use super::common::{
    Ddl, RenderError, TableDef, Typed, column_definition, create_table, double_quote, new_table,
    restore_facets,
};
use super::{Dialect, Options, Section, Statement};

pub(crate) struct Sqlite;

impl Ddl for Sqlite {
    const DIALECT: Dialect = Dialect::Sqlite;

    fn quote(&self, ident: &str) -> String {
        double_quote(ident)
    }

    fn column_type(
        &self,
        _catalog: &Catalog,
        table: &TableId,
        column: &Column,
    ) -> Result<Typed, RenderError> {
        sqlite_type(column.ty.not_null(), column.max_length).ok_or_else(|| {
            self.type_error(
                table,
                column,
                "no SQLite type maps back to it in print-schema",
            )
        })
    }

    fn auto_increment(&self) -> Option<&'static str> {
        None
    }

    fn names_foreign_keys(&self) -> bool {
        false
    }
}

/// The declared type whose affinity rules `diesel print-schema` maps back to the Diesel type.
fn sqlite_type(ty: &SqlType, max_length: Option<u64>) -> Option<Typed> {
    let sql = match ty.canonical().name()? {
        "Bool" => "BOOLEAN",
        "SmallInt" => "SMALLINT",
        "Integer" => "INTEGER",
        "BigInt" => "BIGINT",
        "Float" => "FLOAT",
        "Double" => "DOUBLE",
        "Text" => {
            return Some(Typed::exact(match max_length {
                Some(n) => format!("VARCHAR({n})"),
                None => "TEXT".into(),
            }));
        }
        "Binary" => "BLOB",
        "Date" => "DATE",
        "Time" => "TIME",
        "Timestamp" => "TIMESTAMP",
        "Numeric" => {
            return Some(Typed {
                sql: "NUMERIC".into(),
                review: Some("print-schema reads a SQLite NUMERIC column back as Double".into()),
            });
        }
        _ => return None,
    };
    Some(Typed::exact(sql))
}

/// The name a rebuild creates the new table under.
fn rebuild_name(id: &TableId) -> TableId {
    TableId {
        schema: id.schema.clone(),
        name: format!("_migrate_new_{}", id.name),
    }
}

/// Whether SQLite's `ALTER TABLE` cannot do `op` on the table as `state` has it.
fn needs_rebuild(state: &Catalog, op: &Op) -> bool {
    match op {
        Op::ChangeType { .. }
        | Op::ChangeNullability { .. }
        | Op::ChangePrimaryKey { .. }
        | Op::AddForeignKey { .. }
        | Op::DropForeignKey { .. } => true,
        Op::AddColumn { column, .. } => !column.is_nullable(),
        Op::DropColumn { table, column } => is_named_elsewhere(state, table, &column.name.sql),
        _ => false,
    }
}

/// Whether anything besides its own definition names `column` of `table`, so `DROP COLUMN` refuses it.
fn is_named_elsewhere(state: &Catalog, table: &TableId, column: &str) -> bool {
    let own = state.table(table);
    let facets = &own.table.facets;
    let quoted = double_quote(column);
    let mentions = |text: &str| text.contains(column) || text.contains(&quoted);
    own.primary_key().iter().any(|c| c == column)
        || own.references.iter().any(|r| r.column == column)
        || state
            .referencing(table)
            .iter()
            .any(|(_, r)| r.parent_column == column)
        || facets
            .indexes
            .iter()
            .any(|i| i.columns.iter().any(|c| c.trim_matches('"') == column))
        || facets
            .uniques
            .iter()
            .any(|u| u.columns.iter().any(|c| c == column))
        || facets
            .foreign_keys
            .iter()
            .any(|f| f.columns.iter().any(|c| c == column))
        || facets.checks.iter().any(|c| mentions(&c.expression))
        || facets.triggers.iter().any(|t| mentions(&t.definition))
}

/// A cycle's foreign keys go back into their `CREATE TABLE` (SQLite declares a key to a table created
/// later), and a key dropped only because its table is dropped later goes with that table.
fn fold_foreign_keys(ops: &[Op]) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        match op {
            Op::AddForeignKey { table, reference } => {
                let created = out.iter_mut().find_map(|o| match o {
                    Op::CreateTable { id, references, .. } if id == table => Some(references),
                    _ => None,
                });
                if let Some(references) = created {
                    references.push(reference.clone());
                    continue;
                }
            }
            Op::DropForeignKey { table, .. }
                if ops[i + 1..]
                    .iter()
                    .any(|o| matches!(o, Op::DropTable { id, .. } if id == table)) =>
            {
                continue;
            }
            _ => {}
        }
        out.push(op.clone());
    }
    out
}

/// The rebuild of `id` from `before` to what `state` now has.
fn rebuild(
    d: &Sqlite,
    options: &Options,
    state: &Catalog,
    id: &TableId,
    before: &TableState,
    reviews: Vec<String>,
    out: &mut Section,
) -> Result<(), RenderError> {
    let after = state.table(id);
    let mut table = after.table.clone();
    table
        .facets
        .uniques
        .retain(|u| u.columns.iter().all(|c| after.column(c).is_some()));
    let new_id = rebuild_name(id);
    let def = TableDef {
        id,
        create_as: Some(&new_id),
        table: &table,
        references: &after.references,
        facets: true,
    };
    let mut create = create_table(d, options, state, &def)?;
    create.comments.push(format!(
        "SQLite cannot ALTER this: rebuild '{id}' (new table, copy the rows, drop the old one, rename, recreate its indexes and triggers)"
    ));
    create.reviews.extend(reviews);
    out.push(create);
    let copied: Vec<String> = table
        .columns
        .iter()
        .map(|c| c.name.sql.clone())
        .filter(|c| before.column(c).is_some())
        .collect();
    let columns = d.list(&copied);
    out.push(Statement::new(format!(
        "INSERT INTO {} ({columns}) SELECT {columns} FROM {}",
        d.table(&new_id),
        d.table(id)
    )));
    out.push(Statement::new(format!("DROP TABLE {}", d.table(id))));
    out.push(Statement::new(format!(
        "ALTER TABLE {} RENAME TO {}",
        d.table(&new_id),
        d.quote(&id.name)
    )));
    let (facets, review) = restore_facets(d, id, &table, &after.references);
    let start = out.statements.len();
    out.statements.extend(facets);
    if let Some(review) = review {
        let at = start.min(out.statements.len() - 1);
        out.statements[at].reviews.push(review);
    }
    Ok(())
}

/// The statements of `ops` on SQLite.
pub(crate) fn section(
    options: &Options,
    state: &mut Catalog,
    ops: &[Op],
) -> Result<Section, RenderError> {
    let d = Sqlite;
    let mut body = Section::default();
    let mut own_transaction = false;
    // The table being rebuilt: its identity, its state before, the REVIEW texts of its operations.
    let mut run: Option<(TableId, TableState, Vec<String>)> = None;
    for op in &fold_foreign_keys(ops) {
        let rebuild_op = needs_rebuild(state, op);
        if let Some((id, _, _)) = &run
            && !(rebuild_op && op.table() == Some(id))
        {
            let (id, before, reviews) = run.take().expect("a rebuild");
            rebuild(&d, options, state, &id, &before, reviews, &mut body)?;
        }
        if rebuild_op {
            let id = op.table().expect("a table operation").clone();
            let (_, _, reviews) =
                run.get_or_insert_with(|| (id.clone(), state.table(&id).clone(), Vec::new()));
            reviews.extend(op.review());
            own_transaction = true;
            state.apply(op);
            continue;
        }
        let review = op.review();
        let alter = |table: &TableId, action: String| {
            Statement::new(format!("ALTER TABLE {} {action}", d.table(table)))
        };
        match op {
            Op::CreateSchema { .. } | Op::DropSchema { .. } => {
                return Err(RenderError::Operation {
                    what: op.description(),
                    dialect: Dialect::Sqlite,
                    why: "SQLite has no schemas".into(),
                });
            }
            Op::CreateType { .. } | Op::DropType { .. } => {
                return Err(RenderError::Operation {
                    what: op.description(),
                    dialect: Dialect::Sqlite,
                    why: "PostgreSQL types are PostgreSQL's".into(),
                });
            }
            Op::CreateTable {
                id,
                table,
                references,
            } => new_table(&d, options, state, id, table, references, &mut body)?,
            Op::DropTable { id, .. } => {
                own_transaction |= !state.referencing(id).is_empty();
                body.push(Statement::new(format!("DROP TABLE {}", d.table(id))).review(review));
            }
            Op::RenameTable { from, to, .. } => {
                body.push(alter(from, format!("RENAME TO {}", d.quote(&to.name))));
            }
            Op::AddColumn { table, column } => {
                let definition = &state.table(table).table;
                let (sql, type_review) =
                    column_definition(&d, state, table, definition, column, false, false)?;
                body.push(
                    alter(table, format!("ADD COLUMN {sql}"))
                        .review(type_review)
                        .review(review),
                );
            }
            Op::DropColumn { table, column } => body.push(
                alter(table, format!("DROP COLUMN {}", d.quote(&column.name.sql))).review(review),
            ),
            Op::RenameColumn { table, from, to } => body.push(alter(
                table,
                format!(
                    "RENAME COLUMN {} TO {}",
                    d.quote(&from.name.sql),
                    d.quote(&to.name.sql)
                ),
            )),
            _ => unreachable!("every other operation rebuilds"),
        }
        state.apply(op);
    }
    if let Some((id, before, reviews)) = run.take() {
        rebuild(&d, options, state, &id, &before, reviews, &mut body)?;
    }
    if !own_transaction {
        return Ok(body);
    }
    Ok(with_own_transaction(body))
}

/// The section inside `PRAGMA foreign_keys = OFF; BEGIN; ...; <check>; COMMIT; PRAGMA foreign_keys = ON`.
/// A revision with one such section is `Transactional: false`, so its other section gets the same frame to
/// stay atomic.
pub(crate) fn with_own_transaction(body: Section) -> Section {
    if body.own_transaction {
        return body;
    }
    let check = double_quote("_migrate_foreign_key_check");
    let mut off = Statement::new("PRAGMA foreign_keys = OFF");
    off.comments = vec![
        "SQLite ignores PRAGMA foreign_keys inside a transaction, so this revision is `Transactional: false`"
            .into(),
        "and runs its own: foreign keys off, the changes, a check that every foreign key still holds, COMMIT."
            .into(),
    ];
    let mut statements = vec![off, Statement::new("BEGIN")];
    statements.extend(body.statements);
    let mut create_check = Statement::new(format!(
        "CREATE TEMP TABLE {check} (violations INTEGER NOT NULL CHECK (violations = 0))"
    ));
    create_check.comments.push(
        "fails (CHECK constraint failed) when a row no longer matches its foreign key; see PRAGMA foreign_key_check"
            .into(),
    );
    statements.push(create_check);
    statements.push(Statement::new(format!(
        "INSERT INTO {check} SELECT count(*) FROM pragma_foreign_key_check"
    )));
    statements.push(Statement::new(format!("DROP TABLE {check}")));
    statements.push(Statement::new("COMMIT"));
    statements.push(Statement::new("PRAGMA foreign_keys = ON"));
    Section {
        statements,
        own_transaction: true,
    }
}
