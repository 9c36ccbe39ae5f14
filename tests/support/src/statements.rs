//! Counting the statements a connection sends, through Diesel's instrumentation.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::connection::{Connection, InstrumentationEvent};
use migrate_runtime::AnyConnection;

/// Counts the statements `conn` sends from now on (read it with `load(Ordering::Relaxed)`).
pub fn count_statements(conn: &mut AnyConnection) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let instrument = move |event: InstrumentationEvent<'_>| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            seen.fetch_add(1, Ordering::Relaxed);
        }
    };
    match conn {
        #[cfg(feature = "sqlite")]
        AnyConnection::Sqlite(c) => c.set_instrumentation(instrument),
        #[cfg(feature = "postgres")]
        AnyConnection::Postgres(c) => c.set_instrumentation(instrument),
        #[cfg(feature = "mysql")]
        AnyConnection::Mysql(c) => c.set_instrumentation(instrument),
        #[allow(
            unreachable_patterns,
            reason = "reachable when a backend feature is off"
        )]
        _ => panic!("a connection kind this test does not know"),
    }
    count
}
