//! Planning (DESIGN.md section 4): from the applied revisions and a target, the steps of an upgrade or a
//! downgrade, or the result of a stamp. Pure: no I/O, and an error means nothing would change.

use std::collections::HashSet;

use crate::error::PlanError;
use crate::graph::{Edges, Node, RevisionGraph};
use crate::target::{Resolved, Resolver, Scoped, TargetSpec};

/// Which way a plan moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Apply up sections, parents first.
    Upgrade,
    /// Apply down sections, children first.
    Downgrade,
}

/// The revisions recorded as applied in a database, as a set over the graph's nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedSet {
    members: Vec<bool>,
}

impl AppliedSet {
    /// Whether `node` is applied.
    pub fn contains(&self, node: Node) -> bool {
        self.members[node as usize]
    }

    /// The applied nodes in topological order.
    pub fn nodes(&self, graph: &RevisionGraph) -> Vec<Node> {
        graph.sorted((0..graph.len() as Node).filter(|&n| self.members[n as usize]))
    }

    /// The current heads, as `migrate current` (and `alembic current`) lists them: applied revisions that no
    /// applied revision revises. A revision applied only as another's dependency is one of them.
    pub fn heads(&self, graph: &RevisionGraph) -> Vec<Node> {
        graph.sorted((0..graph.len() as Node).filter(|&n| {
            self.members[n as usize] && !graph.children(n).iter().any(|&c| self.members[c as usize])
        }))
    }

    /// The heads Alembic's version table holds: applied revisions that no applied revision revises or
    /// depends on. Bare relative steps (`+1`, `-1`) and the `current` target start from these.
    pub fn version_heads(&self, graph: &RevisionGraph) -> Vec<Node> {
        graph.heads_of(&self.members)
    }

    /// The applied set as a bitmap indexed by node.
    pub fn members(&self) -> &[bool] {
        &self.members
    }
}

/// An ordered list of steps and the heads they leave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Upgrade or downgrade.
    pub direction: Direction,
    /// The revisions to run, in execution order. Empty means there is nothing to do.
    pub steps: Vec<Node>,
    /// The heads before the plan runs.
    pub heads_before: Vec<Node>,
    /// The heads once every step has run.
    pub heads_after: Vec<Node>,
}

/// What a stamp changes in the history, running no SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StampPlan {
    /// Revisions to record as applied, in topological order.
    pub added: Vec<Node>,
    /// Revisions to remove from the history, children first.
    pub removed: Vec<Node>,
    /// The heads afterwards.
    pub heads_after: Vec<Node>,
}

impl RevisionGraph {
    /// The applied set for these ids, and the ids this graph does not know (a newer build recorded them).
    pub fn applied_set<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> (AppliedSet, Vec<String>) {
        let mut members = vec![false; self.len()];
        let mut unknown = Vec::new();
        for id in ids {
            match self.node(id) {
                Some(n) => members[n as usize] = true,
                None => unknown.push(id.to_owned()),
            }
        }
        unknown.sort();
        (AppliedSet { members }, unknown)
    }

    /// The applied set of these nodes (revisions already looked up, e.g. by [`node`](Self::node)).
    pub fn applied_nodes(&self, nodes: impl IntoIterator<Item = Node>) -> AppliedSet {
        let mut members = vec![false; self.len()];
        for node in nodes {
            members[node as usize] = true;
        }
        AppliedSet { members }
    }

    /// Resolves a target for an upgrade (or any command that reads it as "these revisions").
    pub fn resolve(
        &self,
        applied: &AppliedSet,
        target: &str,
        up: bool,
    ) -> Result<Resolved, PlanError> {
        let spec = TargetSpec::parse(target)?;
        Resolver::new(self, applied).resolve(&spec, up)
    }

    /// Resolves a target in the direction it is written in ([`TargetSpec::is_upward`]): `-1` counts down
    /// from the current heads, `+1` or a name up; for commands that take either (`history -r`, the start
    /// of an offline script).
    pub fn resolve_as_written(
        &self,
        applied: &AppliedSet,
        target: &str,
    ) -> Result<Resolved, PlanError> {
        let spec = TargetSpec::parse(target)?;
        Resolver::new(self, applied).resolve(&spec, spec.is_upward())
    }

    /// The applied set of a database whose heads are `nodes`: them and every ancestor (through `Revises`
    /// and `Depends On`).
    pub fn applied_below(&self, nodes: &[Node]) -> AppliedSet {
        AppliedSet {
            members: self.ancestors(nodes, Edges::WithDependencies),
        }
    }

    /// The applied set of a database at `targets` (ids, prefixes, labels, `heads`, relative steps from an
    /// empty database; `base` names nothing): the revisions they name and every ancestor. Where an
    /// offline script starts.
    pub fn applied_through(&self, targets: &[&str]) -> Result<AppliedSet, PlanError> {
        let empty = AppliedSet {
            members: vec![false; self.len()],
        };
        let mut named = Vec::new();
        for target in targets {
            if let Resolved::Revisions(nodes) = self.resolve_as_written(&empty, target)? {
                named.extend(nodes);
            }
        }
        Ok(self.applied_below(&named))
    }

    /// The current heads of recorded revisions (`(id, parents)`, as history rows hold them), which may
    /// include revisions this graph does not know (a newer build recorded them): the rule of
    /// [`AppliedSet::heads`], recorded revisions that no recorded revision revises, with the unknown ones
    /// revising through their recorded parents. Known heads come in topological order, then unknown ones
    /// in the order given.
    pub fn recorded_heads<P: AsRef<str>>(&self, recorded: &[(&str, &[P])]) -> Vec<String> {
        let (applied, unknown) = self.applied_set(recorded.iter().map(|&(id, _)| id));
        let mut heads: Vec<String> = ids_of(self, &applied.heads(self));
        if unknown.is_empty() {
            return heads;
        }
        let parents = |rows: &mut dyn Iterator<Item = &(&str, &[P])>| -> HashSet<String> {
            rows.flat_map(|(_, parents)| parents.iter().map(|p| p.as_ref().to_owned()))
                .collect()
        };
        let is_unknown = |id: &str| self.node(id).is_none();
        let by_unknown = parents(&mut recorded.iter().filter(|(id, _)| is_unknown(id)));
        let by_any = parents(&mut recorded.iter());
        heads.retain(|head| !by_unknown.contains(head));
        heads.extend(
            recorded
                .iter()
                .map(|&(id, _)| id)
                .filter(|&id| is_unknown(id) && !by_any.contains(id))
                .map(str::to_owned),
        );
        heads
    }

    /// Plans an upgrade to `target`: every ancestor of the target (through `Revises` and `Depends On`) that is
    /// not applied, parents first, independent branches in Alembic's order. Upgrading to something already
    /// applied plans no step.
    pub fn plan_upgrade(&self, applied: &AppliedSet, target: &str) -> Result<Plan, PlanError> {
        let targets = match self.resolve(applied, target, true)? {
            Resolved::Base { .. } => Vec::new(),
            Resolved::Revisions(nodes) => nodes,
        };
        let after = self.upgraded(applied, &targets);
        let needed: Vec<bool> = (0..self.len())
            .map(|n| after[n] && !applied.members[n])
            .collect();
        let mut steps = self.top_down(&needed, &targets);
        steps.reverse();
        let after = AppliedSet { members: after };
        Ok(Plan {
            direction: Direction::Upgrade,
            steps,
            heads_before: applied.heads(self),
            heads_after: after.heads(self),
        })
    }

    /// Plans a downgrade to `target`: keeps the target and its ancestors, removes its applied children through
    /// `Revises`, everything applied above them and every applied revision depending on a removed one,
    /// children first. Refuses targets that are not applied and plans that need a missing down section.
    pub fn plan_downgrade(&self, applied: &AppliedSet, target: &str) -> Result<Plan, PlanError> {
        let spec = TargetSpec::parse(target)?;
        let scoped = Resolver::new(self, applied).resolve_scoped(&spec, false)?;
        let removed = self.removed_by(applied, &scoped, target, true)?;
        let steps = self.top_down(&removed, &applied.version_heads(self));
        let irreversible: Vec<String> = steps
            .iter()
            .map(|&n| self.revision(n))
            .filter(|r| !r.is_reversible())
            .map(|r| format!("{} in {}", r.id, r.source.path))
            .collect();
        if !irreversible.is_empty() {
            return Err(PlanError::Irreversible {
                revisions: irreversible,
            });
        }
        let after = AppliedSet {
            members: (0..self.len())
                .map(|n| applied.members[n] && !removed[n])
                .collect(),
        };
        Ok(Plan {
            direction: Direction::Downgrade,
            steps,
            heads_before: applied.heads(self),
            heads_after: after.heads(self),
        })
    }

    /// Plans a stamp: the history ends as upgrade or downgrade to the targets (in turn) would leave it, and no
    /// SQL runs. With `purge`, the history is cleared first (and unknown rows do not matter).
    pub fn plan_stamp(
        &self,
        applied: &AppliedSet,
        targets: &[&str],
        purge: bool,
    ) -> Result<StampPlan, PlanError> {
        let start = if purge {
            AppliedSet {
                members: vec![false; self.len()],
            }
        } else {
            applied.clone()
        };
        let mut state = start.clone();
        let mut requested: Vec<Node> = Vec::new();
        for target in targets {
            let spec = TargetSpec::parse(target)?;
            let resolver = Resolver::new(self, &state);
            let scoped = resolver.resolve_scoped(&spec, spec.is_upward())?;
            if let Resolved::Revisions(nodes) = &scoped.resolved {
                requested.extend(nodes);
            }
            let members = match &scoped.resolved {
                Resolved::Revisions(nodes) if nodes.iter().any(|&n| !state.contains(n)) => {
                    self.upgraded(&state, nodes)
                }
                _ => {
                    let removed = self.removed_by(&state, &scoped, target, false)?;
                    (0..self.len())
                        .map(|n| state.members[n] && !removed[n])
                        .collect()
                }
            };
            state = AppliedSet { members };
        }
        self.check_overlap(&requested)?;
        let added = self
            .sorted((0..self.len() as Node).filter(|&n| state.contains(n) && !applied.contains(n)));
        let mut removed = self
            .sorted((0..self.len() as Node).filter(|&n| applied.contains(n) && !state.contains(n)));
        removed.reverse();
        Ok(StampPlan {
            added: if purge { state.nodes(self) } else { added },
            removed,
            heads_after: state.heads(self),
        })
    }

    /// The applied set after upgrading to `targets`.
    fn upgraded(&self, applied: &AppliedSet, targets: &[Node]) -> Vec<bool> {
        let mut after = self.ancestors(targets, Edges::WithDependencies);
        for (a, was) in after.iter_mut().zip(&applied.members) {
            *a |= was;
        }
        after
    }

    /// The applied revisions a downgrade to `scoped` removes (Alembic's `_collect_downgrade_revisions`).
    /// `downgrade` refuses, as Alembic does, a target applied only as a dependency with nothing above it; a
    /// stamp to it changes nothing.
    fn removed_by(
        &self,
        applied: &AppliedSet,
        scoped: &Scoped,
        target: &str,
        downgrade: bool,
    ) -> Result<Vec<bool>, PlanError> {
        let mut roots: Vec<Node> = match &scoped.resolved {
            Resolved::Base { branch: None } => self.bases(),
            // Alembic's rule: the roots below the branch's revision, and everything above them.
            Resolved::Base { branch: Some(b) } => {
                let below = self.ancestors(&[*b], Edges::Revises);
                self.bases()
                    .into_iter()
                    .filter(|&r| below[r as usize])
                    .collect()
            }
            Resolved::Revisions(keep) => {
                if keep.iter().any(|&n| !applied.contains(n)) {
                    return Err(PlanError::NotADowngradeTarget {
                        target: target.to_owned(),
                        heads: ids_of(self, &applied.heads(self)),
                    });
                }
                let kept = self.ancestors(keep, Edges::WithDependencies);
                self.sorted(
                    keep.iter()
                        .flat_map(|&k| self.children(k).iter().copied())
                        .filter(|&c| !kept[c as usize]),
                )
            }
        };
        // A branch narrows a fork: only the roots below the branch's revision go (`c1branch@b` removes c1's
        // line above b, not c2's).
        if let Some(branch) = scoped.branch
            && roots.len() > 1
        {
            let below = self.ancestors(&[branch], Edges::Revises);
            roots.retain(|&r| below[r as usize]);
            if roots.is_empty() {
                return Err(PlanError::NotADowngradeTarget {
                    target: target.to_owned(),
                    heads: ids_of(self, &applied.heads(self)),
                });
            }
        }
        let mut removed = self.descendants(&roots, Edges::WithDependencies);
        for (r, a) in removed.iter_mut().zip(&applied.members) {
            *r &= a;
        }
        // Alembic's rule: a target with nothing of its own above it must be a version-table head. An applied
        // revision that is there only because others depend on it is not a place to downgrade to.
        if let Resolved::Revisions(keep) = &scoped.resolved
            && downgrade
            && !removed.iter().any(|&r| r)
        {
            let version = applied.version_heads(self);
            if let Some(&only_depended_on) = keep.iter().find(|n| !version.contains(n)) {
                return Err(PlanError::OnlyDependedOn {
                    target: target.to_owned(),
                    revision: self.id(only_depended_on).to_owned(),
                    dependents: self
                        .dependents(only_depended_on)
                        .iter()
                        .filter(|&&d| applied.contains(d))
                        .map(|&d| self.id(d).to_owned())
                        .collect(),
                });
            }
        }
        Ok(removed)
    }

    /// Refuses a set of requested revisions where one is an ancestor of another (a stamp's targets, a
    /// merge's parents), naming the lower one and one above it. One walk over the graph; a second only to
    /// name the other revision when there is an overlap.
    pub fn check_overlap(&self, requested: &[Node]) -> Result<(), PlanError> {
        if requested.len() < 2 {
            return Ok(());
        }
        let below: Vec<Node> = requested
            .iter()
            .flat_map(|&n| self.parents(n).iter().chain(self.dependencies(n)))
            .copied()
            .collect();
        let strictly_below = self.ancestors(&below, Edges::WithDependencies);
        let Some(&node) = requested.iter().find(|&&n| strictly_below[n as usize]) else {
            return Ok(());
        };
        let other = requested
            .iter()
            .copied()
            .find(|&o| o != node && self.ancestors(&[o], Edges::WithDependencies)[node as usize])
            .unwrap_or(node);
        Err(PlanError::Overlap {
            revision: self.id(node).to_owned(),
            other: self.id(other).to_owned(),
        })
    }
}

fn ids_of(graph: &RevisionGraph, nodes: &[Node]) -> Vec<String> {
    nodes.iter().map(|&n| graph.id(n).to_owned()).collect()
}
