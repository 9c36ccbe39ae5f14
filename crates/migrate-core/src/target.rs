//! The target grammar (DESIGN.md section 4): parsing, and resolution against the graph and the current heads.
//!
//! ```text
//! target    := [qualifier "@"] [symbol] [("+" | "-") digits]
//! symbol    := "head" | "heads" | "base" | "current" | revision id | unique id prefix (>= 4 chars) | branch label
//! qualifier := branch label | revision id | unique id prefix
//! ```

use crate::error::PlanError;
use crate::graph::{Edges, Node, RevisionGraph};
use crate::plan::AppliedSet;

/// The symbol part of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol<'a> {
    /// `head`: the single head (of the qualifier's branch).
    Head,
    /// `heads`: every head (of the qualifier's branch).
    Heads,
    /// `base`: below every root (of the qualifier's branch).
    Base,
    /// `current`: the heads recorded in the database.
    Current,
    /// A revision id, id prefix or branch label.
    Name(&'a str),
}

/// A parsed target, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetSpec<'a> {
    /// The text as given, for messages.
    pub text: &'a str,
    /// The part before `@`.
    pub qualifier: Option<&'a str>,
    /// The symbol; `None` for a bare `+N`/`-N` (relative to the current heads).
    pub symbol: Option<Symbol<'a>>,
    /// The relative step count (`+2` is 2, `-1` is -1).
    pub relative: Option<i64>,
}

impl<'a> TargetSpec<'a> {
    /// The direction the target is written in: down for a bare relative step down (`-1`, `label@-2`) or a
    /// step down from a revision (`head-1`), up for anything else.
    pub fn is_upward(&self) -> bool {
        !matches!(self.relative, Some(steps) if steps < 0)
    }

    /// Parses a target string.
    pub fn parse(text: &'a str) -> Result<Self, PlanError> {
        let syntax = |reason: &str| PlanError::Syntax {
            target: text.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(syntax("it is empty"));
        }
        let (qualifier, rest) = match trimmed.split_once('@') {
            Some((q, rest)) => {
                if q.is_empty() {
                    return Err(syntax("nothing before `@`"));
                }
                (Some(q), rest)
            }
            None => (None, trimmed),
        };
        let (symbol_text, relative) = match rest.find(['+', '-']) {
            Some(pos) => {
                let (sym, num) = rest.split_at(pos);
                let digits = &num[1..];
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(syntax("a relative step is `+N` or `-N` with N a number"));
                }
                let count: i64 = digits
                    .parse::<u32>()
                    .map_err(|_| syntax("the relative step is too large"))?
                    .into();
                (sym, Some(if num.starts_with('-') { -count } else { count }))
            }
            None => (rest, None),
        };
        let symbol = match symbol_text {
            "" if relative == Some(0) => {
                return Err(syntax(
                    "a relative step moves at least one revision (`+1`, `-1`)",
                ));
            }
            "" if relative.is_some() => None,
            "" => return Err(syntax("nothing after `@`")),
            "head" => Some(Symbol::Head),
            "heads" => Some(Symbol::Heads),
            "base" => Some(Symbol::Base),
            "current" => Some(Symbol::Current),
            name if name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                Some(Symbol::Name(name))
            }
            _ => return Err(syntax("ids and labels use only A-Z, a-z, 0-9 and _")),
        };
        if let Some(q) = qualifier
            && !q.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(syntax(
                "the part before `@` must be a branch label or revision id",
            ));
        }
        if symbol == Some(Symbol::Heads) && relative.is_some() {
            return Err(syntax("`heads` cannot take a relative step"));
        }
        Ok(TargetSpec {
            text,
            qualifier,
            symbol,
            relative,
        })
    }
}

/// Where a target points: below everything (or below one branch), or a set of revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// `base`, or `label@base` (then the branch's lowest revision is given).
    Base {
        /// The branch whose base is meant, by its labelled (or qualifying) revision.
        branch: Option<Node>,
    },
    /// These revisions (one, or several for `heads` and for a step down from a merge).
    Revisions(Vec<Node>),
}

/// A resolved target and the branch that narrows a downgrade to it (`label@rev`, `rev@rev`, or the current
/// head a bare `-N` starts from): Alembic removes only the children of the target on that branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scoped {
    /// Where the target points.
    pub resolved: Resolved,
    /// The revision whose ancestors a downgrade keeps its removals to, when the target names a branch.
    pub branch: Option<Node>,
}

/// Resolves targets against a graph and the revisions applied in the database.
#[derive(Debug)]
pub struct Resolver<'g> {
    graph: &'g RevisionGraph,
    applied: &'g AppliedSet,
    /// Alembic's version table: applied revisions no applied revision revises or depends on. `current` and
    /// bare relative steps start here.
    version: Vec<Node>,
    /// What `migrate current` lists: applied revisions with no applied child through `Revises`, so a revision
    /// applied only as another's dependency counts on its own branch. A `label@-N` starts here when the
    /// version table has nothing on the label's branch.
    tips: Vec<Node>,
}

impl<'g> Resolver<'g> {
    /// A resolver for `graph` with `applied` as the database's state.
    pub fn new(graph: &'g RevisionGraph, applied: &'g AppliedSet) -> Self {
        Resolver {
            graph,
            applied,
            version: applied.version_heads(graph),
            tips: applied.heads(graph),
        }
    }

    /// Resolves a parsed target. `up` says the direction of a bare `+N`/`-N` the command accepts.
    pub fn resolve(&self, spec: &TargetSpec<'_>, up: bool) -> Result<Resolved, PlanError> {
        Ok(self.resolve_scoped(spec, up)?.resolved)
    }

    /// Resolves a parsed target and says which branch it names, for a downgrade.
    pub fn resolve_scoped(&self, spec: &TargetSpec<'_>, up: bool) -> Result<Scoped, PlanError> {
        let graph = self.graph;
        let branch = spec.qualifier.map(|q| self.qualifier(q)).transpose()?;
        let lineage = branch.map(|b| Lineage::new(graph, b));
        let mut scope = branch;
        let start: Resolved = match spec.symbol {
            None => {
                let steps = spec.relative.unwrap_or(0);
                if (steps > 0) != up {
                    return Err(PlanError::WrongDirection {
                        target: spec.text.to_owned(),
                        up: steps > 0,
                    });
                }
                let current = self.relative_start(lineage.as_ref(), up);
                if current.len() > 1 {
                    return Err(PlanError::AmbiguousCurrent {
                        target: spec.text.to_owned(),
                        heads: current.iter().map(|&n| graph.id(n).to_owned()).collect(),
                    });
                }
                match current.first() {
                    Some(&n) => {
                        // Alembic narrows a bare `-N` to the branch of the head it starts from.
                        scope = scope.or(Some(n));
                        Resolved::Revisions(vec![n])
                    }
                    None => Resolved::Base { branch },
                }
            }
            Some(Symbol::Base) => Resolved::Base { branch },
            Some(Symbol::Current) => Resolved::Revisions(match &lineage {
                Some(l) => self
                    .version
                    .iter()
                    .copied()
                    .filter(|&n| l.contains(n))
                    .collect(),
                None => self.version.clone(),
            }),
            Some(Symbol::Head) | Some(Symbol::Heads) => {
                let heads = match (branch, spec.symbol) {
                    (Some(b), _) => branch_tips(graph, b),
                    (None, Some(Symbol::Head)) => graph.heads(),
                    (None, _) => graph.real_heads(),
                };
                if spec.symbol == Some(Symbol::Head) && heads.len() > 1 {
                    let symbol = match spec.qualifier {
                        Some(q) => format!("{q}@head"),
                        None => "head".to_owned(),
                    };
                    return Err(PlanError::MultipleHeads {
                        symbol,
                        heads: heads.iter().map(|&n| graph.id(n).to_owned()).collect(),
                    });
                }
                if heads.is_empty() {
                    Resolved::Base { branch: None }
                } else {
                    Resolved::Revisions(heads)
                }
            }
            Some(Symbol::Name(name)) => {
                let node = self.name(name, lineage.as_ref())?;
                if let (Some(l), Some(q)) = (&lineage, spec.qualifier)
                    && !l.contains(node)
                {
                    return Err(PlanError::NotInBranch {
                        revision: graph.id(node).to_owned(),
                        branch: q.to_owned(),
                    });
                }
                Resolved::Revisions(vec![node])
            }
        };
        let resolved = match spec.relative {
            Some(steps) if spec.symbol.is_some() || steps != 0 => {
                self.walk(spec.text, start, steps, branch, lineage.as_ref())?
            }
            _ => start,
        };
        Ok(Scoped {
            resolved,
            branch: scope,
        })
    }

    /// Where a bare `+N`/`-N` starts: the version table's heads, narrowed to the lineage when there is one.
    /// When the version table has nothing on that lineage (its branch is applied only below a head of another
    /// branch, or as a dependency), Alembic starts from the lineage's applied tips instead.
    fn relative_start(&self, lineage: Option<&Lineage>, up: bool) -> Vec<Node> {
        let graph = self.graph;
        let Some(l) = lineage else {
            return self.version.clone();
        };
        let on_branch: Vec<Node> = self
            .version
            .iter()
            .copied()
            .filter(|&n| l.contains(n))
            .collect();
        if !on_branch.is_empty() {
            return on_branch;
        }
        if up {
            // The tips of the applied revisions on the lineage (Alembic's `active_on_branch`).
            let member = |n: Node| self.applied.contains(n) && l.contains(n);
            let mut below = vec![false; graph.len()];
            for n in (0..graph.len() as Node).filter(|&n| member(n)) {
                for d in graph.down_edges(n) {
                    below[d as usize] = true;
                }
            }
            graph.sorted((0..graph.len() as Node).filter(|&n| member(n) && !below[n as usize]))
        } else {
            self.tips
                .iter()
                .copied()
                .filter(|&n| l.contains(n))
                .collect()
        }
    }

    /// The node a qualifier names: a branch label, else a revision id or prefix.
    fn qualifier(&self, name: &str) -> Result<Node, PlanError> {
        if let Some(node) = self.graph.label(name) {
            return Ok(node);
        }
        self.name(name, None).map_err(|error| match error {
            PlanError::Unknown { .. } => PlanError::NoSuchBranch {
                name: name.to_owned(),
            },
            other => other,
        })
    }

    /// A revision by full id, branch label, or unique prefix of at least 4 characters (within the lineage).
    fn name(&self, name: &str, lineage: Option<&Lineage>) -> Result<Node, PlanError> {
        let graph = self.graph;
        if let Some(node) = graph.node(name).or_else(|| graph.label(name)) {
            return Ok(node);
        }
        if name.len() < 4 {
            return Err(PlanError::Unknown {
                name: name.to_owned(),
            });
        }
        let mut candidates = graph.ids_with_prefix(name);
        if let Some(l) = lineage {
            let inside: Vec<Node> = candidates
                .iter()
                .copied()
                .filter(|&n| l.contains(n))
                .collect();
            if !inside.is_empty() {
                candidates = inside;
            }
        }
        match candidates.as_slice() {
            [] => Err(PlanError::Unknown {
                name: name.to_owned(),
            }),
            [one] => Ok(*one),
            many => Err(PlanError::AmbiguousPrefix {
                prefix: name.to_owned(),
                candidates: many.iter().map(|&n| graph.id(n).to_owned()).collect(),
            }),
        }
    }

    /// Moves `steps` edges from `start`: up through children (filtered by the lineage), down through parents.
    fn walk(
        &self,
        text: &str,
        start: Resolved,
        steps: i64,
        branch: Option<Node>,
        lineage: Option<&Lineage>,
    ) -> Result<Resolved, PlanError> {
        let graph = self.graph;
        let wanted = u32::try_from(steps.unsigned_abs()).map_err(|_| PlanError::Syntax {
            target: text.to_owned(),
            reason: "the relative step is too large".to_owned(),
        })?;
        let mut position: Vec<Node> = match start {
            Resolved::Base { .. } => Vec::new(),
            Resolved::Revisions(nodes) => nodes,
        };
        if position.len() > 1 {
            return Err(PlanError::AmbiguousWalk {
                target: text.to_owned(),
                at: "several revisions".to_owned(),
                choices: position.iter().map(|&n| graph.id(n).to_owned()).collect(),
            });
        }
        let overwalk = |done: u32| PlanError::Overwalk {
            target: text.to_owned(),
            wanted,
            done,
            up: steps > 0,
        };
        for done in 0..wanted {
            let at = position.first().copied();
            let next: Vec<Node> = if steps > 0 {
                let candidates = match at {
                    None => graph.bases(),
                    Some(n) => graph.sorted(graph.children(n).iter().copied()),
                };
                match lineage {
                    Some(l) => candidates.into_iter().filter(|&n| l.contains(n)).collect(),
                    None => candidates,
                }
            } else {
                match at {
                    None => return Err(overwalk(done)),
                    Some(n) => graph.sorted(graph.parents(n).iter().copied()),
                }
            };
            let last_step = done + 1 == wanted;
            match next.len() {
                0 if steps > 0 => return Err(overwalk(done)),
                0 => position = Vec::new(),
                1 => position = next,
                // Stepping down from a merge ends at all of its parents: undoing the merge.
                _ if steps < 0 && last_step => position = next,
                _ => {
                    return Err(PlanError::AmbiguousWalk {
                        target: text.to_owned(),
                        at: at.map_or("base".to_owned(), |n| graph.id(n).to_owned()),
                        choices: next.iter().map(|&n| graph.id(n).to_owned()).collect(),
                    });
                }
            }
        }
        Ok(if position.is_empty() {
            Resolved::Base { branch }
        } else {
            Resolved::Revisions(position)
        })
    }
}

/// The revisions sharing lineage with a qualifier: its ancestors and descendants through `Revises`.
#[derive(Debug)]
pub(crate) struct Lineage {
    members: Vec<bool>,
}

impl Lineage {
    pub(crate) fn new(graph: &RevisionGraph, node: Node) -> Self {
        let mut members = graph.ancestors(&[node], Edges::Revises);
        for (m, d) in members
            .iter_mut()
            .zip(graph.descendants(&[node], Edges::Revises))
        {
            *m |= d;
        }
        Lineage { members }
    }

    pub(crate) fn contains(&self, node: Node) -> bool {
        self.members[node as usize]
    }
}

/// The tips of a branch: descendants of `node` through `Revises` that have no child.
fn branch_tips(graph: &RevisionGraph, node: Node) -> Vec<Node> {
    let above = graph.descendants(&[node], Edges::Revises);
    graph.sorted(
        (0..graph.len() as Node).filter(|&n| above[n as usize] && graph.children(n).is_empty()),
    )
}

#[cfg(test)]
mod tests;
