//! Helpers for tests that run several `migrate` processes, or kill one: waiting with a limit, polling.

use std::time::Duration;

use crate::support::Run;

/// Waits for a child with a generous limit (so a hang fails the test instead of blocking it forever);
/// kills it and panics past the limit.
pub fn finish(child: std::process::Child, limit: Duration) -> Run {
    let pid = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output());
    });
    match receive.recv_timeout(limit) {
        Ok(output) => output.unwrap().into(),
        Err(_) => {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("migrate (pid {pid}) did not finish within {limit:?}");
        }
    }
}

/// Polls `done` every 20 ms until it holds; panics after `limit`.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + limit;
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} did not happen within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
