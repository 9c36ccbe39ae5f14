//! Generated migration sets: N one-table revisions written as a migrate folder (a chain, or a branched graph
//! full of merges and `Depends On` edges) and as a diesel_migrations folder (`<version>_<name>/up.sql`,
//! `down.sql`), plus the same SQL in memory for the floors.

use std::path::Path;

use anyhow::Result;

/// The up SQL of table `i`.
pub fn up_sql(i: usize) -> String {
    format!("CREATE TABLE t_{i} (id INTEGER PRIMARY KEY, name TEXT)")
}

/// The down SQL of table `i`.
pub fn down_sql(i: usize) -> String {
    format!("DROP TABLE t_{i}")
}

/// The shape of a generated revision graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One chain.
    Linear,
    /// Blocks of two 4-revision branches joined by a merge; each block's second branch depends on the
    /// previous block's first branch.
    Branched,
}

impl Shape {
    /// As in the report.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Linear => "linear",
            Shape::Branched => "branched",
        }
    }
}

/// The revision id of table `i` (sorts like `i`).
pub fn revision_id(i: usize) -> String {
    format!("r{i:07}")
}

fn revision_file(i: usize, revises: &[String], depends_on: Option<&str>) -> String {
    let id = revision_id(i);
    let mut text = format!(
        "-- Revision ID: {id}\n-- Revises: {}\n-- Message: create t_{i}\n",
        revises.join(", ")
    );
    if let Some(d) = depends_on {
        text += &format!("-- Depends On: {d}\n");
    }
    text += &format!(
        "\n-- migrate:up\n{};\n\n-- migrate:down\n{};\n",
        up_sql(i),
        down_sql(i)
    );
    text
}

/// Writes `count` migrate revisions into a new (emptied) `dir`.
pub fn write_migrate_folder(dir: &Path, count: usize, shape: Shape) -> Result<()> {
    reset_dir(dir)?;
    let write = |i: usize, revises: &[String], depends_on: Option<&str>| {
        std::fs::write(
            dir.join(format!("{}.sql", revision_id(i))),
            revision_file(i, revises, depends_on),
        )
    };
    let mut parents: Vec<String> = Vec::new();
    let mut previous_block: Option<String> = None;
    let mut i = 0;
    while i < count {
        if shape == Shape::Linear || count - i < 9 {
            write(i, &parents, None)?;
            parents = vec![revision_id(i)];
            i += 1;
            continue;
        }
        let start = parents.clone();
        let mut tips = Vec::new();
        for side in 0..2 {
            let mut chain = start.clone();
            for step in 0..4 {
                let depends_on = (side == 1 && step == 0)
                    .then_some(previous_block.as_deref())
                    .flatten();
                write(i, &chain, depends_on)?;
                chain = vec![revision_id(i)];
                i += 1;
            }
            tips.extend(chain);
        }
        write(i, &tips, None)?;
        previous_block = Some(tips[0].clone());
        parents = vec![revision_id(i)];
        i += 1;
    }
    Ok(())
}

/// Writes `count` revisions with 12-hex-digit ids, as `migrate revision` makes them, each revising an id that no
/// file has (a folder whose older files were deleted): every reference dangles, and each gets a diagnostic.
pub fn write_dangling_folder(dir: &Path, count: usize) -> Result<()> {
    reset_dir(dir)?;
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut hex12 = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        format!("{:012x}", state & 0xffff_ffff_ffff)
    };
    for _ in 0..count {
        let (id, missing) = (hex12(), hex12());
        std::fs::write(
            dir.join(format!("{id}.sql")),
            format!("-- Revision ID: {id}\n-- Revises: {missing}\n\n-- migrate:up\nSELECT 1;\n"),
        )?;
    }
    Ok(())
}

/// Writes `count` root revisions (every one a head), as a folder that `stamp heads` records in one go.
pub fn write_heads_folder(dir: &Path, count: usize) -> Result<()> {
    reset_dir(dir)?;
    for i in 0..count {
        std::fs::write(
            dir.join(format!("r{i:06}.sql")),
            format!("-- Revision ID: r{i:06}\n\n-- migrate:up\nSELECT 1;\n"),
        )?;
    }
    Ok(())
}

/// The diesel_migrations version of table `i` (fixed width, so versions sort like `i`).
pub fn diesel_version(i: usize) -> String {
    format!("{:014}", i + 1)
}

/// Writes `count` diesel_migrations migrations (`<version>_create_t_<i>/up.sql`, `down.sql`) into `dir`.
pub fn write_diesel_folder(dir: &Path, count: usize) -> Result<()> {
    reset_dir(dir)?;
    for i in 0..count {
        let sub = dir.join(format!("{}_create_t_{i}", diesel_version(i)));
        std::fs::create_dir(&sub)?;
        std::fs::write(sub.join("up.sql"), up_sql(i) + ";\n")?;
        std::fs::write(sub.join("down.sql"), down_sql(i) + ";\n")?;
    }
    Ok(())
}

/// Empties `dir` (creating it if needed).
pub fn reset_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    Ok(())
}
