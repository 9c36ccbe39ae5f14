//! Counting and recording the statements a connection sends, through Diesel's instrumentation.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
use diesel::connection::Connection;
use diesel::connection::{Instrumentation, InstrumentationEvent};
use migrate_runtime::AnyConnection;

/// Counts the statements `conn` sends from now on (read it with `load(Ordering::Relaxed)`).
pub fn count_statements(conn: &mut AnyConnection) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    instrument(conn, move |event: InstrumentationEvent<'_>| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            seen.fetch_add(1, Ordering::Relaxed);
        }
    });
    count
}

/// Records the SQL of every statement `conn` sends from now on (without Diesel's `-- binds: []`).
pub fn record_statements(conn: &mut AnyConnection) -> Arc<Mutex<Vec<String>>> {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&sent);
    instrument(conn, move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            let text = query.to_string();
            let sql = text.split(" -- binds: ").next().unwrap_or_default();
            seen.lock().unwrap().push(sql.to_owned());
        }
    });
    sent
}

/// Replaces the instrumentation of whichever connection `conn` is.
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(
        unused_variables,
        reason = "no connection exists without a backend feature"
    )
)]
fn instrument(conn: &mut AnyConnection, instrumentation: impl Instrumentation) {
    match conn {
        #[cfg(feature = "sqlite")]
        AnyConnection::Sqlite(c) => c.set_instrumentation(instrumentation),
        #[cfg(feature = "postgres")]
        AnyConnection::Postgres(c) => c.set_instrumentation(instrumentation),
        #[cfg(feature = "mysql")]
        AnyConnection::Mysql(c) => c.set_instrumentation(instrumentation),
        #[allow(
            unreachable_patterns,
            reason = "reachable when a backend feature is off"
        )]
        _ => panic!("a connection kind this test does not know"),
    }
}
