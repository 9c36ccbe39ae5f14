//! The `allow_tables_to_appear_in_same_query!` layout against the real rustfmt.
//!
//! diesel_cli writes the group as `(\n    a,b,c,);` and pipes the file through `rustfmt` with its default
//! configuration; the printer writes rustfmt's result directly. This test feeds rustfmt diesel's raw form for
//! many generated groups (short and long names, top level and inside `pub mod custom`) and compares. It needs
//! `rustfmt` on the PATH (it is part of the toolchain that runs `cargo fmt`) and fails without it. A failure
//! after a toolchain update means rustfmt changed its layout, and with it what `diesel print-schema` writes.

use std::io::Write;
use std::process::{Command, Stdio};

use migrate_schema::{Schema, print};

fn rustfmt(source: &str) -> String {
    let mut child = Command::new("rustfmt")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rustfmt runs (install it with `rustup component add rustfmt`)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(source.as_bytes())
        .expect("write to rustfmt");
    let output = child.wait_with_output().expect("rustfmt finishes");
    assert!(
        output.status.success(),
        "rustfmt failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Deterministic table names: `count` names of 1 to `max_len` characters.
fn names(seed: &mut u64, count: usize, max_len: usize) -> Vec<String> {
    let mut next = || {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*seed >> 33) as usize
    };
    (0..count)
        .map(|_| {
            let len = 1 + next() % max_len;
            std::iter::once('t')
                .chain((1..len).map(|_| (b'a' + (next() % 26) as u8) as char))
                .collect()
        })
        .collect()
}

#[test]
fn allow_tables_layout_matches_rustfmt() {
    let mut seed = 12;
    // One rustfmt run for all cases: each case is a module of its own.
    let mut raw = String::from("// @generated automatically by Diesel CLI.\n\n");
    let mut schema = Schema::default();
    // Top level: consecutive groups, as diesel writes them with `allow_tables_to_appear_in_same_query_config`.
    for case in 0..60 {
        let group = names(&mut seed, 1 + case % 41, [4, 8, 10, 12, 20][case % 5]);
        raw.push_str(&format!(
            "diesel::allow_tables_to_appear_in_same_query!(\n    {},);\n",
            group.join(",")
        ));
        schema.allow_groups.push(group);
    }
    raw.push('\n');
    for case in 0..120 {
        let group = names(&mut seed, 2 + case % 37, [3, 6, 10, 11, 16, 30][case % 6]);
        let line = format!(
            "diesel::allow_tables_to_appear_in_same_query!(\n    {},);\n",
            group.join(",")
        );
        let nested = |indent: usize| {
            line.lines()
                .map(|l| format!("{}{l}\n", " ".repeat(indent)))
                .collect::<String>()
        };
        raw.push_str(&format!("pub mod case_{case} {{\n{}}}\n\n", nested(4)));
        raw.push_str(&format!(
            "pub mod deep_{case} {{\n    pub mod custom {{\n{}    }}\n}}\n\n",
            nested(8)
        ));
        let module = |name: &str| Schema {
            module: Some(name.to_owned()),
            allow_groups: vec![group.clone()],
            ..Schema::default()
        };
        schema.modules.push(module(&format!("case_{case}")));
        schema.modules.push(Schema {
            modules: vec![module("custom")],
            ..module(&format!("deep_{case}"))
        });
        schema
            .modules
            .last_mut()
            .expect("pushed")
            .allow_groups
            .clear();
    }
    assert_eq!(print(&schema), rustfmt(&raw));
}
