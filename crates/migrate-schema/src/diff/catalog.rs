//! The schema as the diff sees it: tables keyed by their SQL identity, each with its foreign keys resolved
//! from `joinable!` to SQL names, and the state a list of operations leaves behind ([`Catalog::apply`]).

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{Column, CustomType, Schema, Table};

use super::facet_renames;
use super::ops::Op;

/// A table's SQL identity: its PostgreSQL schema (`None` for the default one) and its SQL name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableId {
    /// The schema, when not the default one.
    pub schema: Option<String>,
    /// The table's SQL name.
    pub name: String,
}

impl TableId {
    /// The identity of a model table (a `#[sql_name]` that repeats the schema, as diesel writes for
    /// `custom."Order Items"`, is read without it).
    pub fn of(table: &Table) -> TableId {
        let name = match &table.schema {
            Some(schema) => table
                .name
                .sql
                .strip_prefix(&format!("{schema}."))
                .unwrap_or(&table.name.sql),
            None => &table.name.sql,
        };
        TableId {
            schema: table.schema.clone(),
            name: name.to_owned(),
        }
    }
}

impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A single-column foreign key from `joinable!`, in SQL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The child's column.
    pub column: String,
    /// The referenced table.
    pub parent: TableId,
    /// The referenced column (the parent's primary key).
    pub parent_column: String,
    /// The constraint's name when the database reported one (introspected facets).
    pub name: Option<String>,
}

impl Reference {
    /// Whether both say the same foreign key, whatever their names.
    pub fn same_key(&self, other: &Reference) -> bool {
        self.column == other.column
            && self.parent == other.parent
            && self.parent_column == other.parent_column
    }
}

/// One table and its foreign keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableState {
    /// The table as the model has it, facets included.
    pub table: Table,
    /// Its `joinable!` foreign keys.
    pub references: Vec<Reference>,
}

impl TableState {
    /// The column whose SQL name is `sql_name`.
    pub fn column(&self, sql_name: &str) -> Option<&Column> {
        self.table.columns.iter().find(|c| c.name.sql == sql_name)
    }

    /// The SQL names of the primary key's columns.
    pub fn primary_key(&self) -> Vec<String> {
        self.table
            .primary_key
            .iter()
            .map(|ident| {
                self.table.column(ident).map_or_else(
                    || crate::model::unraw(ident).to_owned(),
                    |c| c.name.sql.clone(),
                )
            })
            .collect()
    }
}

/// Every table of a schema (all modules), and the custom SQL types they may use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    /// The tables by identity.
    pub tables: BTreeMap<TableId, TableState>,
    /// The structs of every `sql_types` module.
    pub custom_types: Vec<CustomType>,
}

impl Catalog {
    /// Reads a schema: its tables, and its `joinable!` lines as foreign keys to the parent's primary key
    /// (named as the child's introspected foreign key facet names it, when there is one).
    pub fn from_schema(schema: &Schema) -> Catalog {
        let mut catalog = Catalog::default();
        catalog.add_module(schema);
        catalog
    }

    fn add_module(&mut self, module: &Schema) {
        self.custom_types.extend(module.sql_types.iter().cloned());
        for table in &module.tables {
            self.tables.insert(
                TableId::of(table),
                TableState {
                    table: table.clone(),
                    references: Vec::new(),
                },
            );
        }
        for joinable in &module.joinables {
            let find = |ident: &str| {
                module
                    .tables
                    .iter()
                    .find(|t| t.name.rust == ident)
                    .map(TableId::of)
            };
            let (Some(child), Some(parent)) = (find(&joinable.child), find(&joinable.parent))
            else {
                continue;
            };
            let Some(parent_state) = self.tables.get(&parent) else {
                continue;
            };
            let parent_column = match parent_state.primary_key().as_slice() {
                [one] => one.clone(),
                _ => continue,
            };
            let Some(child_state) = self.tables.get_mut(&child) else {
                continue;
            };
            let Some(column) = child_state.table.column(&joinable.column) else {
                continue;
            };
            let column = column.name.sql.clone();
            let name = child_state
                .table
                .facets
                .foreign_keys
                .iter()
                .find(|fk| {
                    fk.columns == [column.as_str()]
                        && fk.parent_table == parent.name
                        && fk.parent_schema == parent.schema
                })
                .and_then(|fk| fk.name.clone());
            child_state.references.push(Reference {
                column,
                parent,
                parent_column,
                name,
            });
        }
        for nested in &module.modules {
            self.add_module(nested);
        }
    }

    /// The foreign keys of `id` from `joinable!`, and those to other tables of the catalog that
    /// print-schema leaves out of `joinable!` (both keys of a two-table cycle, say) but introspection saw
    /// (the facets): a drop must order, and break cycles, by every key the database has.
    pub fn references_with_hidden(&self, id: &TableId) -> Vec<Reference> {
        let state = self.table(id);
        let mut references = state.references.clone();
        for fk in &state.table.facets.foreign_keys {
            let ([column], [parent_column]) = (fk.columns.as_slice(), fk.parent_columns.as_slice())
            else {
                continue;
            };
            let parent = TableId {
                schema: fk.parent_schema.clone(),
                name: fk.parent_table.clone(),
            };
            if parent == *id || !self.tables.contains_key(&parent) {
                continue;
            }
            let reference = Reference {
                column: column.clone(),
                parent,
                parent_column: parent_column.clone(),
                name: fk.name.clone(),
            };
            if !references.iter().any(|r| r.same_key(&reference)) {
                references.push(reference);
            }
        }
        references
    }

    /// The table `id`; panics when it is absent (operations only name tables their diff saw).
    pub fn table(&self, id: &TableId) -> &TableState {
        self.tables
            .get(id)
            .unwrap_or_else(|| panic!("table {id} is not in the schema"))
    }

    fn table_mut(&mut self, id: &TableId) -> &mut TableState {
        self.tables
            .get_mut(id)
            .unwrap_or_else(|| panic!("table {id} is not in the schema"))
    }

    /// The custom type a column type's struct name names.
    pub fn custom_type(&self, rust_name: &str) -> Option<&CustomType> {
        self.custom_types.iter().find(|t| t.rust_name == rust_name)
    }

    /// The PostgreSQL types the `sql_types` modules declare outside `pg_catalog`: `(schema, name)`.
    pub fn postgres_types(&self) -> std::collections::BTreeSet<(Option<String>, String)> {
        self.custom_types
            .iter()
            .filter_map(|t| match &t.sql {
                crate::model::CustomSqlType::Postgres { name, schema }
                    if schema.as_deref() != Some("pg_catalog") =>
                {
                    let schema = schema.clone().filter(|s| s != "public");
                    Some((schema, name.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// The references to `id` from other tables: `(child, reference)`.
    pub fn referencing(&self, id: &TableId) -> Vec<(TableId, Reference)> {
        self.tables
            .iter()
            .filter(|(child, _)| *child != id)
            .flat_map(|(child, state)| {
                state
                    .references
                    .iter()
                    .filter(|r| &r.parent == id)
                    .map(|r| (child.clone(), r.clone()))
            })
            .collect()
    }

    /// The schema after `op`. What the database does on its own follows: a renamed table or column stays
    /// the target of the foreign keys that named it and is renamed in the index, trigger and constraint
    /// text of the facets; a dropped column takes its foreign key along.
    pub fn apply(&mut self, op: &Op) {
        match op {
            Op::CreateSchema { .. }
            | Op::DropSchema { .. }
            | Op::CreateType { .. }
            | Op::DropType { .. } => {}
            Op::CreateTable {
                id,
                table,
                references,
            } => {
                self.tables.insert(
                    id.clone(),
                    TableState {
                        table: table.clone(),
                        references: references.clone(),
                    },
                );
            }
            Op::DropTable { id, .. } => {
                self.tables.remove(id);
            }
            Op::RenameTable {
                from, to, to_name, ..
            } => {
                if let Some(mut state) = self.tables.remove(from) {
                    state.table.name = to_name.clone();
                    state.table.schema = to.schema.clone();
                    facet_renames::rename_table(&mut state.table.facets, &from.name, &to.name);
                    self.tables.insert(to.clone(), state);
                }
                for (id, state) in &mut self.tables {
                    if id != to {
                        facet_renames::rename_referenced_table(
                            &mut state.table.facets,
                            &from.name,
                            &to.name,
                        );
                    }
                    for reference in &mut state.references {
                        if &reference.parent == from {
                            reference.parent = to.clone();
                        }
                    }
                }
            }
            Op::AddColumn { table, column } => {
                self.table_mut(table).table.columns.push(column.clone())
            }
            Op::DropColumn { table, column } => {
                let state = self.table_mut(table);
                state
                    .table
                    .columns
                    .retain(|c| c.name.sql != column.name.sql);
                state.references.retain(|r| r.column != column.name.sql);
            }
            Op::RenameColumn { table, from, to } => {
                let state = self.table_mut(table);
                for key in &mut state.table.primary_key {
                    if *key == from.name.rust {
                        key.clone_from(&to.name.rust);
                    }
                }
                for reference in &mut state.references {
                    if reference.column == from.name.sql {
                        reference.column.clone_from(&to.name.sql);
                    }
                }
                replace_column(state, from, to);
                facet_renames::rename_column(&mut state.table.facets, &from.name.sql, &to.name.sql);
                for state in self.tables.values_mut() {
                    facet_renames::rename_parent_column(
                        &mut state.table.facets,
                        &table.name,
                        &from.name.sql,
                        &to.name.sql,
                    );
                    for reference in &mut state.references {
                        if &reference.parent == table && reference.parent_column == from.name.sql {
                            reference.parent_column.clone_from(&to.name.sql);
                        }
                    }
                }
            }
            Op::ChangeType { table, from, to } | Op::ChangeNullability { table, from, to } => {
                replace_column(self.table_mut(table), from, to);
            }
            Op::ChangePrimaryKey { table, to, .. } => {
                let state = self.table_mut(table);
                state.table.primary_key = to
                    .iter()
                    .map(|sql| {
                        state
                            .column(sql)
                            .map_or_else(|| sql.clone(), |c| c.name.rust.clone())
                    })
                    .collect();
            }
            Op::AddForeignKey { table, reference } => {
                self.table_mut(table).references.push(reference.clone());
            }
            Op::DropForeignKey { table, reference } => {
                self.table_mut(table)
                    .references
                    .retain(|r| !r.same_key(reference));
            }
        }
    }
}

fn replace_column(state: &mut TableState, from: &Column, to: &Column) {
    if let Some(column) = state
        .table
        .columns
        .iter_mut()
        .find(|c| c.name.sql == from.name.sql)
    {
        *column = to.clone();
    }
}
