//! The comparison: which tables, columns, keys and schemas differ, and the order their operations run in.
//!
//! Order of the operations (each group sorted by table, so the output is the same on every run):
//! 1. new schemas, then new PostgreSQL types;
//! 2. dropped foreign keys (before the columns and tables they involve go);
//! 3. renamed tables;
//! 4. new tables, a referenced table before the tables that reference it; a foreign key in a cycle is
//!    left out of its `CREATE TABLE` and added in step 6;
//! 5. per surviving table: renamed, added, retyped and re-nulled columns, the primary key, dropped columns;
//! 6. new foreign keys;
//! 7. dropped tables, a referencing table before the table it references (a cycle is broken by dropping
//!    one foreign key first);
//! 8. dropped PostgreSQL types, then schemas left without tables.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Column, Schema};
use crate::types::SqlType;

use super::Diff;
use super::catalog::{Catalog, Reference, TableId, TableState};
use super::ops::Op;
use super::renames::{RenameCandidate, Renames};

/// Compares `current` with `wanted` in what `schema.rs` can express (see the module docs of [`super`]).
pub fn diff(current: &Schema, wanted: &Schema, renames: &Renames) -> Diff {
    let current = Catalog::from_schema(current);
    let wanted = Catalog::from_schema(wanted);
    let mut out = Diff {
        custom_types: wanted.custom_types.clone(),
        ..Diff::default()
    };

    // Table pairs: same identity, or a given rename.
    let mut pairs: BTreeMap<TableId, TableId> = BTreeMap::new();
    for id in current.tables.keys() {
        if wanted.tables.contains_key(id) {
            pairs.insert(id.clone(), id.clone());
        }
    }
    let mut table_renames = Vec::new();
    for (from, to) in &renames.tables {
        match (find_table(&current, from), find_table(&wanted, to)) {
            (Some(old), Some(new))
                if !pairs.contains_key(&old) && !pairs.values().any(|v| *v == new) =>
            {
                table_renames.push(Op::RenameTable {
                    from: old.clone(),
                    to: new.clone(),
                    from_name: current.table(&old).table.name.clone(),
                    to_name: wanted.table(&new).table.name.clone(),
                });
                pairs.insert(old, new);
            }
            _ => out.unmatched_renames.push(format!("{from}={to}")),
        }
    }
    let paired: BTreeSet<&TableId> = pairs.values().collect();
    let dropped: Vec<&TableId> = current
        .tables
        .keys()
        .filter(|id| !pairs.contains_key(*id))
        .collect();
    let added: Vec<&TableId> = wanted
        .tables
        .keys()
        .filter(|id| !paired.contains(id))
        .collect();
    for old in &dropped {
        for new in &added {
            if same_shape(current.table(old), wanted.table(new)) {
                out.candidates.push(RenameCandidate::Table {
                    from: (*old).clone(),
                    to: (*new).clone(),
                });
            }
        }
    }

    // Schemas.
    let schemas = |c: &Catalog| -> BTreeSet<String> {
        c.tables.keys().filter_map(|id| id.schema.clone()).collect()
    };
    let (old_schemas, new_schemas) = (schemas(&current), schemas(&wanted));
    for name in new_schemas.difference(&old_schemas) {
        out.ops.push(Op::CreateSchema { name: name.clone() });
    }
    let (old_types, new_types) = (current.postgres_types(), wanted.postgres_types());
    for (schema, name) in new_types.difference(&old_types) {
        out.ops.push(Op::CreateType {
            name: name.clone(),
            schema: schema.clone(),
        });
    }

    let mut used = Vec::new();
    let mut fk_drops = Vec::new();
    let mut per_table = Vec::new();
    let mut fk_adds = Vec::new();
    for (old_id, new_id) in &pairs {
        let (old, new) = (current.table(old_id), wanted.table(new_id));
        let columns = column_pairs(old_id, old, new_id, new, renames, &mut out, &mut used);
        // Foreign keys, the old ones in the names they will have after the renames.
        let renamed = |r: &Reference| -> Option<Reference> {
            let parent = pairs.get(&r.parent)?.clone();
            let column = columns.renamed(&r.column)?;
            let parent_column = if current.tables.contains_key(&r.parent) {
                let parent_renames =
                    parent_column_renames(&r.parent, &parent, renames, &current, &wanted);
                parent_renames
                    .get(&r.parent_column)
                    .cloned()
                    .unwrap_or_else(|| r.parent_column.clone())
            } else {
                r.parent_column.clone()
            };
            Some(Reference {
                column,
                parent,
                parent_column,
                name: r.name.clone(),
            })
        };
        for reference in &old.references {
            let kept =
                renamed(reference).is_some_and(|r| new.references.iter().any(|n| n.same_key(&r)));
            if !kept {
                fk_drops.push(Op::DropForeignKey {
                    table: old_id.clone(),
                    reference: reference.clone(),
                });
            }
        }
        // A key print-schema leaves out of `joinable!` (both keys of a two-table cycle) is still among
        // the introspected facets: a `joinable!` naming it is no new key.
        let in_facets = |r: &Reference| {
            old.table.facets.foreign_keys.iter().any(|fk| {
                fk.columns == [r.column.as_str()]
                    && fk.parent_table == r.parent.name
                    && fk.parent_schema == r.parent.schema
                    && fk.parent_columns == [r.parent_column.as_str()]
            })
        };
        for reference in &new.references {
            let existed = in_facets(reference)
                || old
                    .references
                    .iter()
                    .filter_map(renamed)
                    .any(|r| r.same_key(reference));
            if !existed {
                fk_adds.push(Op::AddForeignKey {
                    table: new_id.clone(),
                    reference: reference.clone(),
                });
            }
        }
        per_table.extend(columns.ops);
    }

    for rename @ (table, from, to) in &renames.columns {
        if !used.contains(rename) {
            out.unmatched_renames.push(format!("{table}.{from}={to}"));
        }
    }
    out.ops.extend(fk_drops);
    out.ops.extend(table_renames);
    let (creates, deferred) = order_creates(&wanted, &added);
    out.ops.extend(creates);
    out.ops.extend(per_table);
    out.ops.extend(deferred);
    out.ops.extend(fk_adds);
    out.ops.extend(order_drops(&current, &dropped));
    for (schema, name) in old_types.difference(&new_types) {
        out.ops.push(Op::DropType {
            name: name.clone(),
            schema: schema.clone(),
        });
    }
    for name in old_schemas.difference(&new_schemas) {
        out.ops.push(Op::DropSchema { name: name.clone() });
    }
    out
}

/// The table of `catalog` that `name` names: `schema.table`, the SQL name or the Rust identifier.
fn find_table(catalog: &Catalog, name: &str) -> Option<TableId> {
    catalog
        .tables
        .iter()
        .find(|(id, state)| id.to_string() == name || state.table.name.rust == name)
        .map(|(id, _)| id.clone())
}

/// The column renames given for the parent of a foreign key, old SQL name to new.
fn parent_column_renames(
    old: &TableId,
    new: &TableId,
    renames: &Renames,
    current: &Catalog,
    wanted: &Catalog,
) -> BTreeMap<String, String> {
    let (Some(old_state), Some(new_state)) = (current.tables.get(old), wanted.tables.get(new))
    else {
        return BTreeMap::new();
    };
    given_column_renames(old, old_state, new, new_state, renames)
}

fn given_column_renames(
    old_id: &TableId,
    old: &TableState,
    new_id: &TableId,
    new: &TableState,
    renames: &Renames,
) -> BTreeMap<String, String> {
    let names_table = |t: &str| {
        t == old_id.to_string()
            || t == new_id.to_string()
            || t == old.table.name.rust
            || t == new.table.name.rust
    };
    renames
        .columns
        .iter()
        .filter(|(t, _, _)| names_table(t))
        .filter_map(|(_, from, to)| {
            let from = column_named(old, from)?;
            let to = column_named(new, to)?;
            (old.column(&to.name.sql).is_none() && new.column(&from.name.sql).is_none())
                .then(|| (from.name.sql.clone(), to.name.sql.clone()))
        })
        .collect()
}

fn column_named<'a>(state: &'a TableState, name: &str) -> Option<&'a Column> {
    state
        .table
        .columns
        .iter()
        .find(|c| c.name.sql == name || c.name.rust == name)
}

/// The column comparison of one table pair.
struct ColumnPairs {
    /// Old SQL name to new, for the columns that stay.
    map: BTreeMap<String, String>,
    ops: Vec<Op>,
}

impl ColumnPairs {
    fn renamed(&self, old: &str) -> Option<String> {
        self.map.get(old).cloned()
    }
}

fn column_pairs(
    old_id: &TableId,
    old: &TableState,
    new_id: &TableId,
    new: &TableState,
    renames: &Renames,
    out: &mut Diff,
    used: &mut Vec<(String, String, String)>,
) -> ColumnPairs {
    let given = given_column_renames(old_id, old, new_id, new, renames);
    for rename @ (table, from, to) in &renames.columns {
        let this_table = [old_id.to_string(), new_id.to_string()].contains(table)
            || *table == old.table.name.rust
            || *table == new.table.name.rust;
        let applied = given.iter().any(|(f, t)| {
            column_named(old, from).is_some_and(|c| c.name.sql == *f)
                && column_named(new, to).is_some_and(|c| c.name.sql == *t)
        });
        if this_table && applied {
            used.push(rename.clone());
        }
    }
    let mut map = BTreeMap::new();
    let (mut renames_ops, mut adds, mut types, mut nulls, mut drops) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for column in &old.table.columns {
        let sql = &column.name.sql;
        if let Some(to) = given.get(sql) {
            map.insert(sql.clone(), to.clone());
            let mut renamed = column.clone();
            renamed.name = new.column(to).expect("renamed column").name.clone();
            renames_ops.push(Op::RenameColumn {
                table: new_id.clone(),
                from: column.clone(),
                to: renamed,
            });
        } else if new.column(sql).is_some() {
            map.insert(sql.clone(), sql.clone());
        }
    }
    let kept: BTreeSet<&String> = map.values().collect();
    for column in &new.table.columns {
        if !kept.contains(&column.name.sql) {
            adds.push(Op::AddColumn {
                table: new_id.clone(),
                column: column.clone(),
            });
        }
    }
    for column in &old.table.columns {
        let Some(to_name) = map.get(&column.name.sql) else {
            drops.push(Op::DropColumn {
                table: new_id.clone(),
                column: column.clone(),
            });
            continue;
        };
        let wanted = new.column(to_name).expect("paired column");
        let mut from = column.clone();
        from.name = wanted.name.clone();
        let type_changed = from.ty.not_null().canonical() != wanted.ty.not_null().canonical()
            || from.max_length != wanted.max_length;
        if type_changed {
            let mut to = wanted.clone();
            to.ty = with_nullability(wanted.ty.not_null().clone(), from.is_nullable());
            types.push(Op::ChangeType {
                table: new_id.clone(),
                from: from.clone(),
                to: to.clone(),
            });
            from = to;
        }
        if from.is_nullable() != wanted.is_nullable() {
            let mut to = from.clone();
            to.ty = with_nullability(from.ty.not_null().clone(), wanted.is_nullable());
            nulls.push(Op::ChangeNullability {
                table: new_id.clone(),
                from,
                to,
            });
        }
    }
    // A dropped and an added column of the same type: maybe one renamed column.
    for drop in &drops {
        let Op::DropColumn { column: gone, .. } = drop else {
            continue;
        };
        for add in &adds {
            let Op::AddColumn {
                column: new_col, ..
            } = add
            else {
                continue;
            };
            if gone.ty.canonical() == new_col.ty.canonical()
                && gone.max_length == new_col.max_length
            {
                out.candidates.push(RenameCandidate::Column {
                    table: new_id.clone(),
                    from: gone.name.sql.clone(),
                    to: new_col.name.sql.clone(),
                });
            }
        }
    }
    let old_key: Vec<String> = old
        .primary_key()
        .iter()
        .map(|c| map.get(c).cloned().unwrap_or_else(|| c.clone()))
        .collect();
    let new_key = new.primary_key();
    let mut ops = renames_ops;
    ops.extend(adds);
    ops.extend(types);
    ops.extend(nulls);
    if old_key != new_key {
        ops.push(Op::ChangePrimaryKey {
            table: new_id.clone(),
            from: old_key,
            to: new_key,
        });
    }
    ops.extend(drops);
    ColumnPairs { map, ops }
}

fn with_nullability(ty: SqlType, nullable: bool) -> SqlType {
    if nullable { SqlType::nullable(ty) } else { ty }
}

/// Whether two tables have the same columns (names, types, lengths, nullability) and key.
fn same_shape(a: &TableState, b: &TableState) -> bool {
    let shape = |s: &TableState| -> Vec<(String, SqlType, Option<u64>)> {
        s.table
            .columns
            .iter()
            .map(|c| (c.name.sql.clone(), c.ty.canonical(), c.max_length))
            .collect()
    };
    shape(a) == shape(b) && a.primary_key() == b.primary_key()
}

/// The `CREATE TABLE`s of `added`, referenced tables first, and the foreign keys a cycle defers.
fn order_creates(wanted: &Catalog, added: &[&TableId]) -> (Vec<Op>, Vec<Op>) {
    let mut remaining: BTreeSet<&TableId> = added.iter().copied().collect();
    let (mut creates, mut deferred) = (Vec::new(), Vec::new());
    while !remaining.is_empty() {
        // Foreign keys to tables still to be created (a self reference is declared inline).
        let waiting = |id: &TableId| -> Vec<Reference> {
            wanted
                .table(id)
                .references
                .iter()
                .filter(|r| r.parent != *id && remaining.contains(&r.parent))
                .cloned()
                .collect()
        };
        let next = remaining
            .iter()
            .copied()
            .find(|id| waiting(id).is_empty())
            .or_else(|| remaining.iter().copied().min_by_key(|id| waiting(id).len()))
            .expect("a table remains");
        let late = waiting(next);
        let state = wanted.table(next);
        let references = state
            .references
            .iter()
            .filter(|r| !late.iter().any(|l| l.same_key(r)))
            .cloned()
            .collect();
        creates.push(Op::CreateTable {
            id: next.clone(),
            table: state.table.clone(),
            references,
        });
        for reference in late {
            deferred.push(Op::AddForeignKey {
                table: next.clone(),
                reference,
            });
        }
        remaining.remove(next);
    }
    (creates, deferred)
}

/// The `DROP TABLE`s of `dropped`, referencing tables first; a cycle is broken by dropping the foreign
/// keys to the table that goes first.
fn order_drops(current: &Catalog, dropped: &[&TableId]) -> Vec<Op> {
    let mut remaining: BTreeSet<&TableId> = dropped.iter().copied().collect();
    let mut references: BTreeMap<&TableId, Vec<Reference>> = dropped
        .iter()
        .map(|id| (*id, current.references_with_hidden(id)))
        .collect();
    let mut ops = Vec::new();
    while !remaining.is_empty() {
        // Other dropped tables still to go that reference `id`.
        let referrers = |id: &TableId, refs: &BTreeMap<&TableId, Vec<Reference>>| -> Vec<TableId> {
            remaining
                .iter()
                .filter(|child| **child != id && refs[*child].iter().any(|r| r.parent == *id))
                .map(|child| (*child).clone())
                .collect()
        };
        let next = remaining
            .iter()
            .copied()
            .find(|id| referrers(id, &references).is_empty())
            .or_else(|| {
                remaining
                    .iter()
                    .copied()
                    .min_by_key(|id| referrers(id, &references).len())
            })
            .expect("a table remains");
        for child in referrers(next, &references) {
            let child_refs = references.get_mut(&child).expect("a dropped table");
            for reference in child_refs.iter().filter(|r| r.parent == *next) {
                ops.push(Op::DropForeignKey {
                    table: child.clone(),
                    reference: reference.clone(),
                });
            }
            child_refs.retain(|r| r.parent != *next);
        }
        ops.push(Op::DropTable {
            id: next.clone(),
            table: current.table(next).table.clone(),
            references: references[next].clone(),
        });
        remaining.remove(next);
    }
    ops
}
