//! The `tracing` feature: the events an application's subscriber receives for each step, collected by a
//! minimal subscriber of this test (no formatting crate), on SQLite in memory.
//!
//! Its own test binary: tracing caches each event site's interest process-wide, and other tests running
//! migrations on other threads without a subscriber raced with this one's registration (events went missing).

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use migrate_runtime::{Migrator, connect};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

// The runtime tests' fixture helpers; this binary uses two of them.
#[allow(dead_code, unused_imports)]
mod support;

use support::{fixture, rev};

/// Records every event as `LEVEL target: message field=value ...`.
#[derive(Clone, Default)]
struct Collector(Arc<Mutex<Vec<String>>>);

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
}

impl Subscriber for Collector {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut line = Line(format!("{} {}:", meta.level(), meta.target()));
        event.record(&mut line);
        self.0.lock().unwrap().push(line.0);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// The events with the durations (which vary) replaced by `N`.
fn events(collector: &Collector) -> Vec<String> {
    collector
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|line| {
            let mut words: Vec<String> = line.split(' ').map(str::to_owned).collect();
            for word in &mut words {
                if word.starts_with("duration_ms=") {
                    *word = "duration_ms=N".into();
                }
            }
            words.join(" ")
        })
        .collect()
}

#[test]
fn each_step_is_an_event_and_a_failure_is_an_error_event() {
    let fx = fixture(&[
        rev(
            "a1",
            "",
            "",
            "CREATE TABLE t (id INTEGER);",
            Some("DROP TABLE t;"),
        ),
        rev(
            "b2",
            "a1",
            "",
            "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);",
            Some("DELETE FROM t;"),
        ),
        rev("c3", "b2", "", "INSERT INTO missing VALUES (1);", None),
    ]);
    let collector = Collector::default();
    let mut conn = connect("sqlite::memory:").unwrap();
    tracing::subscriber::with_default(collector.clone(), || {
        let mut migrator = Migrator::new(&fx.graph);
        migrator.upgrade(&mut conn, "b2").unwrap();
        migrator.upgrade(&mut conn, "head").unwrap_err();
        // An offline script runs nothing and says nothing.
        migrator
            .script_upgrade(migrate_runtime::Backend::Sqlite, &[], "head")
            .unwrap();
    });
    let events = events(&collector);
    assert_eq!(
        events[..5],
        [
            r#"INFO migrate: running step direction="upgrade" revision="a1" parents="<base>" doc="a1 message""#,
            r#"INFO migrate: step done direction="upgrade" revision="a1" duration_ms=N statements=1"#,
            r#"INFO migrate: running step direction="upgrade" revision="b2" parents="a1" doc="b2 message""#,
            r#"INFO migrate: step done direction="upgrade" revision="b2" duration_ms=N statements=2"#,
            r#"INFO migrate: running step direction="upgrade" revision="c3" parents="b2" doc="c3 message""#,
        ]
    );
    let failed = &events[5];
    assert!(
        failed
            .starts_with(r#"ERROR migrate: step failed direction="upgrade" revision="c3" error="#)
            && failed.contains("no such table: missing"),
        "{failed}"
    );
    assert_eq!(events.len(), 6, "{events:#?}");
}
