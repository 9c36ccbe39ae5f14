//! The report's fixed text: what the figures mean, and the measured causes of the targets it can miss.

/// What the figures mean and what bounds the targets this suite has seen missed (mechanisms, not numbers).
pub const NOTES: &str = "
## Reading the figures

- **Apply**: per revision migrate sends `BEGIN` with the revision's first statement, its other statements one
  call each, then the history row, the log row and `COMMIT` in one call; the per-revision floor sends four
  calls (`BEGIN`, statement, history insert, `COMMIT`), diesel_migrations the same four. migrate also writes
  one log row per revision and a richer history row (parents, message, checksum, down SQL). In
  single-transaction mode the history and log rows wait and go as one multi-row `INSERT` per table (every
  500 rows, and with the `COMMIT`), so per revision only its own statements remain; the rows borrow the
  revisions' texts, and the columns that would hold only `NULL` are left to their default. On MySQL every
  revision runs outside a transaction (DDL commits implicitly): its statements, then one call that
  updates its history row, writes its log row and marks the next revision `running`, in one transaction
  (only the first revision's marker goes alone), so a revision costs its own statements' commits and one
  more, as in the floor; there is no single-transaction mode to measure.
- **No-op check**: migrate reads, without the lock and in one statement whatever N, the number of history
  rows, how many are `running`, and the list of their revisions and of their checksums, aggregated into one
  text (`group_concat`, `string_agg`, `GROUP_CONCAT` of the plain columns: an aggregate of a text built per
  row cost SQLite twice as much), so Diesel decodes one value rather than one per row; a list that MySQL's
  `group_concat_max_len` cut short holds fewer values than the count. Only when that read shows work (or is
  cut short), a `running` marker, an unknown revision or a changed file does it take the lock and read
  again, row by row. diesel_migrations creates its table if needed and reads the versions (two
  statements), without a lock or checksums. Both run on a connection that has run them before, as a
  service that checks on every start of a pooled connection does: Diesel keeps diesel_migrations' `SELECT`
  (a query-builder statement) prepared, and on SQLite and PostgreSQL migrate's first look, a fixed text
  per table name, is kept prepared too (Diesel's `sql_query` never is: a prepare and an execute, two round
  trips). On MySQL it is not: MySQL binds a prepared statement's tables to the database current when it
  was prepared, so on a connection that moves (`USE`) a kept first look would read another database's
  history; there migrate's check is two round trips, as diesel_migrations' two statements are.
- **Whole-process start-up**: both binaries are release builds. Most of the time is the process, and SQLite
  reading the schema of the 1,000 tables on the first statement (about 1.2 ms here), which both pay. An
  embedded table answers `upgrade head` with everything applied from the table alone (every revision
  recorded with its checksum, one head; the rows are compared in the order of the ids, as the history's
  index returns them, or in the order they were applied), so the up-to-date start never builds the revision
  graph; the table holds no pointer but the files' texts (every other string is a range of one string, the
  ids and checksums first), so the loader relocates fewer addresses than in diesel_migrations' binary. The
  history table's index on `revision, state, checksum` keeps the first look from reading the rows with their
  down SQL: the second measurement adds 1 KB to every down section (real ones are longer than a one-line
  `DROP TABLE`, and migrate's history stores them; without the index the start took 1.21× diesel's there).
- **Build cost**: the macro runs, unoptimised as cargo builds proc macros in the dev profile, migrate-core's
  loader and validator and a SHA-256 of every up section (about 16 ms for 1,000 revisions, 5.5 ms of it the
  checksums), then writes the table as source text that the compiler lexes once: 28 numbers per revision in
  one array (rustc parses and type-checks that much faster than a struct literal per revision), its strings
  as ranges of one table-wide string, the files' texts `include_str!`-ed, and the lists (`Revises`, `Depends
  On`, labels, edges) as ranges of two table-wide arrays. `MIGRATE_MACRO_TIMINGS=1` prints the macro's phases
  to stderr. `[profile.dev.build-override] opt-level = 3` in an application's Cargo.toml makes every proc
  macro (both tools') run optimised. The rebuild measured is the one after touching the source, as the issue
  asks: rustc's incremental cache then keeps the type check of the unchanged table, including the const
  check of every file's length (about 35 ms per 1,000 revisions when it does run, on the first build and
  after an edit of the file that embeds).
";

/// Causes of misses, as measured (profiles, `MIGRATE_MACRO_TIMINGS=1`, `-Z time-passes`).
pub const APPLY_CAUSE: &str = "migrate also writes a log row and a longer history row (parents, message, checksum, down SQL) per revision; on a loaded machine the spread of the floors is larger than the gap";
pub const MYSQL_APPLY_CAUSE: &str = "every MySQL revision is marked `running` before its first statement, so that a deploy killed in the middle of a DDL statement is detected: the marker shares the commit of the previous revision's record, but the history row it inserts and then updates, the log row, and the larger history table's two indexes are written on every revision";
pub const SINGLE_CAUSE: &str = "writing what migrate records beyond the floor's version row: SQLite parsing and inserting the history rows (parents, message, checksum, down SQL; two indexes) and the log rows, batched as they are, about 2 ms of a 1,000-revision run on tmpfs; migrate's own work around them (timestamps and integers without `fmt`, literals copied between `memchr` hits, rows borrowing the revisions' texts, `NULL` columns left to their default) took the run from 1.12–1.20× to 1.04–1.06×, and the statement splitter is the largest part left (about 0.4 ms); bound through Diesel's boxed `sql_query` instead of written as literals, the run took 3% longer (binding 5,000 values costs Diesel more than SQLite parsing them), so they stay literals, as in offline scripts";
pub const NO_OP_CAUSE: &str =
    "the read of every revision and its 64-character checksum, and their check against the build's";
pub const STARTUP_CAUSE: &str = "at parity, within the spread between runs (1.00–1.02× over 100 alternating starts in the runs of one session; 0.95–1.04× in `perf stat` of the same two binaries): migrate executes 9% fewer instructions (callgrind), most of both being SQLite reading the schema of the 1,000 tables, but faults in about 10 more pages, nearly all in copying the first look's 74 KB of revisions and 64-character checksums, which diesel_migrations does not check (SQLite growing the aggregate, Diesel copying it into a `String`; returning the lists as columns of their own rather than one concatenated text saved 5); reading only the checksums' first 16 characters left the start at 1.01× and slowed the no-op check (a `substr` per row)";
pub const BUILD_CAUSE: &str = "the macro's unoptimised read, parse and SHA-256 of every file, and rustc type-checking the larger table";
pub const CORE_CAUSE: &str = "validate's lookups in its id map miss the caches once it holds 100,000 revisions (about 180 ns a revision at 10,000, 380 ns at 100,000; in a profile, the loads of the map's buckets and of the ids they point at); read and parse grow about 11×";
