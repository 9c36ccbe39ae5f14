//! The report's fixed text: what the figures mean, and the measured causes of the targets it can miss.

/// What the figures mean and what bounds the targets this suite has seen missed (mechanisms, not numbers).
pub const NOTES: &str = "
## Reading the figures

- **Apply**: per revision migrate sends `BEGIN` with the revision's first statement, its other statements one
  call each, then the history row, the log row and `COMMIT` in one call; the per-revision floor sends four
  calls (`BEGIN`, statement, history insert, `COMMIT`), diesel_migrations the same four. migrate also writes
  one log row per revision and a richer history row (parents, message, checksum, down SQL). In
  single-transaction mode the history and log rows wait and go as one multi-row `INSERT` per table (every
  500 rows, and with the `COMMIT`), so per revision only its own statements remain. On MySQL every
  revision runs outside a transaction (DDL commits implicitly): the `running` marker, the statements, then
  the history update and log row in one transaction; there is no single-transaction mode to measure.
- **No-op check**: migrate reads, without the lock and in one statement whatever N, the number of history
  rows, how many are `running`, and the list of their revisions and of their checksums, aggregated into one
  text (`group_concat`, `string_agg`, `GROUP_CONCAT` of the plain columns: an aggregate of a text built per
  row cost SQLite twice as much), so Diesel decodes one value rather than one per row; a list that MySQL's
  `group_concat_max_len` cut short holds fewer values than the count. Only when that read shows work (or is
  cut short), a `running` marker, an unknown revision or a changed file does it take the lock and read
  again, row by row. diesel_migrations creates its table if needed and reads the versions (two
  statements), without a lock or checksums.
- **Whole-process start-up**: both binaries are release builds. Most of the time is the process, and SQLite
  reading the schema of the 1,000 tables on the first statement (about 1.2 ms here), which both pay. An
  embedded table answers `upgrade head` with everything applied from the table alone (every revision
  recorded with its checksum, one head), so the up-to-date start never builds the revision graph; the table
  holds no pointer but the files' texts (every other string is a range of one string, the ids and checksums
  first), so the loader relocates fewer addresses than in diesel_migrations' binary. What remains is the
  history itself: its rows are wider than diesel's (parents, message, down SQL), and reading every checksum
  makes SQLite read every page of the table from the file in a fresh process (about twice the pages diesel
  reads).
- **Build cost**: the macro runs, unoptimised as cargo builds proc macros in the dev profile, migrate-core's
  loader and validator and a SHA-256 of every up section, then writes the table as source text that the
  compiler lexes once: one `EmbeddedRevision` literal per file whose strings are ranges of one table-wide
  string, the files' texts `include_str!`-ed, and the lists (`Revises`, `Depends On`, labels, edges) as
  ranges of two table-wide arrays. A slice
  literal per list costs rustc about 40 µs each to type-check, and building the tokens one by one about
  30 µs per revision; both were most of the 10,000-revision build before. `MIGRATE_MACRO_TIMINGS=1` prints
  the macro's phases to stderr. `[profile.dev.build-override] opt-level = 3` in an application's
  Cargo.toml makes every proc macro (both tools') run optimised.
";

/// Causes of misses, as measured (profiles, `MIGRATE_MACRO_TIMINGS=1`, `-Z time-passes`).
pub const APPLY_CAUSE: &str = "migrate also writes a log row and a longer history row (parents, message, checksum, down SQL) per revision; on a loaded machine the spread of the floors is larger than the gap";
pub const MYSQL_APPLY_CAUSE: &str = "every MySQL revision is marked `running` first and recorded after (two more round trips per revision than the floor), so a kill is detected";
pub const SINGLE_CAUSE: &str = "the log row per revision (an AUTOINCREMENT id on SQLite) and the longer history row, batched but still written";
pub const NO_OP_CAUSE: &str =
    "the read of every revision and its 64-character checksum, and their check against the build's";
pub const STARTUP_CAUSE: &str = "the first look reads every checksum of a history table wider than diesel's, so a fresh process's SQLite reads about twice as many pages of the database file (a covering index on revision, state and checksum saved about 0.05 ms when tried by hand); the graph is not built";
pub const BUILD_CAUSE: &str = "the macro's unoptimised read, parse and SHA-256 of every file, and rustc type-checking the larger table";
