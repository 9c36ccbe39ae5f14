//! The pure core of migrate: migration files, the revision graph, validation, Alembic-style targets and
//! planning. No I/O beyond reading the migrations folder; no database, no proc-macro machinery.
//!
//! The same code validates the folder at compile time (in `embed_migrations!()`) and at run time (in the
//! `migrate` CLI), so a broken graph gives the same diagnostic in both places.
//!
//! ```
//! use migrate_core::{HeadsPolicy, parse_file, validate, LoadedFolder};
//!
//! let root = parse_file("migrations/a.sql", "-- Revision ID: a1\n\n-- migrate:up\nCREATE TABLE t (id INT);\n-- migrate:down\nDROP TABLE t;\n");
//! let child = parse_file("migrations/b.sql", "-- Revision ID: b2\n-- Revises: a1\n\n-- migrate:up\nALTER TABLE t ADD COLUMN n INT;\n");
//! let folder = LoadedFolder { revisions: vec![root.revision.unwrap(), child.revision.unwrap()], ..Default::default() };
//! let graph = validate(folder, HeadsPolicy::Single).expect("valid folder");
//!
//! let (applied, unknown) = graph.applied_set([]);
//! assert!(unknown.is_empty());
//! let plan = graph.plan_upgrade(&applied, "head").unwrap();
//! let steps: Vec<&str> = plan.steps.iter().map(|&n| graph.id(n)).collect();
//! assert_eq!(steps, ["a1", "b2"]);
//!
//! // b2 has no down section: a downgrade through it is refused before anything runs.
//! let (applied, _) = graph.applied_set(["a1", "b2"]);
//! let error = graph.plan_downgrade(&applied, "base").unwrap_err();
//! assert_eq!(error.to_string(), "cannot downgrade: this revision has no `-- migrate:down` section (b2 in migrations/b.sql)");
//! ```
#![warn(missing_docs)]

pub mod check;
pub mod diagnostic;
pub mod error;
pub mod graph;
pub mod load;
pub mod parse;
pub mod plan;
pub mod revision;
mod suggest;
pub mod target;

pub use check::{HeadsPolicy, build_graph, check_heads, load_and_validate, validate};
pub use diagnostic::{Diagnostic, Diagnostics};
pub use error::PlanError;
/// The hasher of the graph's id index (short ASCII keys), for the runtime's own maps of ids. Not a public
/// API.
#[doc(hidden)]
pub use graph::ids::IdHasher as __IdHasher;
pub use graph::{Edges, Node, RevisionGraph};
pub use load::{LoadedFolder, display_path, load_folder};
pub use parse::{ParsedFile, parse_file};
pub use plan::{AppliedSet, Direction, Plan, StampPlan};
pub use revision::{Revision, Source, Text, TextList, checksum, is_valid_name};
pub use target::{Resolved, Resolver, Symbol, TargetSpec};
