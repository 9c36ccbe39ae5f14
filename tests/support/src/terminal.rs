//! Running the `migrate` binary on a pseudo-terminal, made by util-linux's `script` (which `.ci/run`
//! installs): the progress bar, colours and the rename question only appear on a terminal.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::binary;

/// `migrate ARGS` in a folder, with stdin, stdout and stderr on one pseudo-terminal.
#[derive(Debug)]
pub struct Terminal {
    command: Command,
    input: String,
}

impl Terminal {
    /// `migrate` (the binary [`binary`] finds) with the arguments `args` (one shell word each) in `dir`.
    pub fn new(dir: &Path, args: &str) -> Terminal {
        Terminal::of(&binary(), dir, args)
    }

    /// Another build of `migrate` (a test's `CARGO_BIN_EXE_migrate`).
    pub fn of(program: &Path, dir: &Path, args: &str) -> Terminal {
        let mut command = Command::new("script");
        command
            .args([
                "-q",
                "-e",
                "-c",
                &format!("{} {args}", program.display()),
                "/dev/null",
            ])
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        Terminal {
            command,
            input: String::new(),
        }
    }

    /// Sets an environment variable.
    pub fn env(mut self, name: &str, value: &str) -> Terminal {
        self.command.env(name, value);
        self
    }

    /// Removes an environment variable.
    pub fn env_remove(mut self, name: &str) -> Terminal {
        self.command.env_remove(name);
        self
    }

    /// What is typed at the terminal.
    pub fn typing(mut self, input: &str) -> Terminal {
        self.input = input.to_owned();
        self
    }

    /// Runs it; what the terminal showed (its `\r\n` as `\n`). Panics when it fails.
    pub fn shown(mut self) -> String {
        let mut child = self
            .command
            .spawn()
            .expect("`script` (util-linux) runs the terminal tests");
        let mut stdin = child.stdin.take().expect("stdin is piped");
        stdin
            .write_all(self.input.as_bytes())
            .expect("type at the terminal");
        drop(stdin);
        let output = child.wait_with_output().expect("wait for `script`");
        let shown = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
        assert!(output.status.success(), "{shown}");
        shown
    }
}
