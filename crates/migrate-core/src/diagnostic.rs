//! Diagnostics: what is wrong in a migrations folder, where, and how to fix it.

use std::fmt;

/// One problem found in a migrations folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file (or folder) the problem is in, relative to the folder's crate, with `/` separators.
    pub path: String,
    /// The 1-based line, or 0 when the problem concerns the whole file or folder.
    pub line: u32,
    /// What is wrong (lowercase, no trailing period).
    pub message: String,
    /// How to fix it, where there is something to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without help.
    pub fn new(path: impl Into<String>, line: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a fix hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line: message` then, on its own line, `  help: hint`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.path, self.line, self.message)?;
        } else {
            write!(f, "{}: {}", self.path, self.message)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one pass over a folder, sorted by path and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts into the stable order (path, line, message) and removes exact repeats.
    pub fn sorted(mut list: Vec<Diagnostic>) -> Self {
        list.sort();
        list.dedup();
        Diagnostics(list)
    }

    /// The diagnostics, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(
            f,
            "{count} problem{} in the migrations folder:",
            if count == 1 { "" } else { "s" }
        )?;
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// Levenshtein distance, for "did you mean" hints.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The candidate closest to `wanted`: one it is a prefix of, else the smallest edit distance within a third of
/// its length. Ties go to the first candidate in the order given, so the result is deterministic.
pub(crate) fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    if let Some(hit) = candidates
        .clone()
        .find(|c| c.starts_with(wanted) && wanted.len() >= 4)
    {
        return Some(hit);
    }
    let limit = (wanted.len() / 3).max(1);
    candidates
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_with_and_without_line() {
        let d = Diagnostic::new("migrations/a.sql", 3, "unknown header key `Revizes`")
            .with_help("did you mean `Revises`?");
        assert_eq!(
            d.to_string(),
            "migrations/a.sql:3: unknown header key `Revizes`\n  help: did you mean `Revises`?"
        );
        assert_eq!(
            Diagnostic::new("migrations", 0, "folder not found").to_string(),
            "migrations: folder not found"
        );
    }

    #[test]
    fn closest_prefers_prefix_then_distance() {
        let ids = ["1a2b3c4d5e6f", "9f8e7d6c5b4a"];
        assert_eq!(
            closest("1a2b3c4d5e6e", ids.iter().copied()),
            Some("1a2b3c4d5e6f")
        );
        assert_eq!(closest("9f8e", ids.iter().copied()), Some("9f8e7d6c5b4a"));
        assert_eq!(closest("zzzzzzzz", ids.iter().copied()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
