//! Errors of target resolution and planning. Each message says what is wrong and what to do instead.

/// Why a target could not be resolved or a plan could not be made. Nothing has changed when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The target string does not follow the grammar.
    #[error("invalid target `{target}`: {reason}")]
    Syntax {
        /// The target as given.
        target: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No revision id, prefix or branch label matches.
    #[error("no revision or branch label matches `{name}`{}", if name.len() < 4 { "; partial revision ids need at least 4 characters" } else { "" })]
    Unknown {
        /// The name as given.
        name: String,
    },
    /// A prefix matches several revisions.
    #[error("`{prefix}` matches several revisions: {}; give more characters", candidates.join(", "))]
    AmbiguousPrefix {
        /// The prefix as given.
        prefix: String,
        /// Every full id it matches, sorted.
        candidates: Vec<String>,
    },
    /// `head` (or `label@head`) with several heads.
    #[error("multiple heads are present for `{symbol}`: {}; name a revision, use `<label>@head` to narrow to one branch, or `heads` for all of them", heads.join(", "))]
    MultipleHeads {
        /// The symbol as given (`head`, `accounts@head`).
        symbol: String,
        /// The candidate heads.
        heads: Vec<String>,
    },
    /// The part before `@` is neither a branch label nor a revision.
    #[error("no such branch: `{name}` is neither a branch label nor a revision id")]
    NoSuchBranch {
        /// The qualifier as given.
        name: String,
    },
    /// `label@rev` where `rev` is not in the label's lineage.
    #[error("revision {revision} is not a member of branch `{branch}`")]
    NotInBranch {
        /// The revision.
        revision: String,
        /// The qualifier.
        branch: String,
    },
    /// A relative walk ran off the end of the graph.
    #[error("relative target `{target}` runs off the {} after {done} of {wanted} steps", if *up { "last revision" } else { "base" })]
    Overwalk {
        /// The target as given.
        target: String,
        /// Steps asked for.
        wanted: u32,
        /// Steps possible.
        done: u32,
        /// Whether the walk went up.
        up: bool,
    },
    /// A relative walk reached a fork.
    #[error("relative target `{target}` is ambiguous: at `{at}` it could go to {}; name a revision or narrow with `<label>@`", choices.join(", "))]
    AmbiguousWalk {
        /// The target as given.
        target: String,
        /// Where the walk forked (`base` when it starts there).
        at: String,
        /// The ids it could go to.
        choices: Vec<String>,
    },
    /// A relative step from the current state with several current heads.
    #[error("`{target}` is ambiguous from several current heads ({}); use `<label>@{target}` or name a revision", heads.join(", "))]
    AmbiguousCurrent {
        /// The target as given.
        target: String,
        /// The current heads.
        heads: Vec<String>,
    },
    /// A relative step in the direction the command does not go.
    #[error("`{target}` moves {}; use `{}` instead", if *up { "up" } else { "down" }, if *up { "upgrade" } else { "downgrade" })]
    WrongDirection {
        /// The target as given.
        target: String,
        /// Whether the step goes up.
        up: bool,
    },
    /// A downgrade target that is not applied (above the current state or on another branch).
    #[error(
        "`{target}` is not a valid downgrade target from current heads ({}): it is not applied",
        display_heads(heads)
    )]
    NotADowngradeTarget {
        /// The target as given.
        target: String,
        /// The current heads.
        heads: Vec<String>,
    },
    /// A downgrade target that is applied only because other applied revisions depend on it, with nothing of
    /// its own above it (Alembic: "not a valid downgrade target from current head(s)").
    #[error(
        "`{target}` is not a valid downgrade target: {revision} is applied only because {} depend{} on it, and nothing above it on its own branch is applied; downgrade {} instead",
        dependents.join(", "),
        if dependents.len() == 1 { "s" } else { "" },
        if dependents.len() == 1 { "that revision's branch" } else { "those revisions' branches" }
    )]
    OnlyDependedOn {
        /// The target as given.
        target: String,
        /// The revision it names.
        revision: String,
        /// The applied revisions that depend on it.
        dependents: Vec<String>,
    },
    /// A downgrade would need down sections that do not exist.
    #[error("cannot downgrade: {} no `-- migrate:down` section ({})", if revisions.len() == 1 { "this revision has" } else { "these revisions have" }, revisions.join(", "))]
    Irreversible {
        /// `id (path)` of each irreversible revision in the way.
        revisions: Vec<String>,
    },
    /// Several targets where one is an ancestor of another.
    #[error(
        "requested revision {revision} overlaps with other requested revision {other}; give only the later one"
    )]
    Overlap {
        /// The ancestor target.
        revision: String,
        /// The descendant target.
        other: String,
    },
}

fn display_heads(heads: &[String]) -> String {
    if heads.is_empty() {
        "base".into()
    } else {
        heads.join(", ")
    }
}
