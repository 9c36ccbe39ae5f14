//! Property tests over random DAGs with merges, labels and depends-on edges.

use migrate_core::{
    AppliedSet, Edges, HeadsPolicy, LoadedFolder, Node, RevisionGraph, parse_file, validate,
};
use proptest::prelude::*;

/// A random DAG: node i revises up to two earlier nodes (none for a root), may depend on one earlier node
/// that it does not revise, and may carry a label.
fn dag() -> impl Strategy<Value = RevisionGraph> {
    (2usize..24)
        .prop_flat_map(|n| {
            proptest::collection::vec((any::<u16>(), any::<u16>(), any::<u16>(), 0u8..10), n)
        })
        .prop_map(|rows| {
            let mut folder = LoadedFolder::default();
            for (i, (p1, p2, d, kind)) in rows.into_iter().enumerate() {
                let mut parents = Vec::new();
                if i > 0 && kind != 0 {
                    parents.push(p1 as usize % i);
                    if kind >= 8 {
                        let second = p2 as usize % i;
                        if !parents.contains(&second) {
                            parents.push(second);
                        }
                    }
                }
                let mut text = format!(
                    "-- Revision ID: r{i}\n-- Revises: {}\n",
                    parents.iter().map(|p| format!("r{p}")).collect::<Vec<_>>().join(", ")
                );
                if i > 1 && kind % 3 == 1 {
                    let dep = d as usize % i;
                    if !parents.contains(&dep) {
                        text += &format!("-- Depends On: r{dep}\n");
                    }
                }
                if kind == 5 {
                    text += &format!("-- Branch Labels: l{i}\n");
                }
                text += &format!("\n-- migrate:up\nCREATE TABLE t{i} (id INT);\n-- migrate:down\nDROP TABLE t{i};\n");
                let parsed = parse_file(&format!("m/{i:03}.sql"), &text);
                assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
                folder.revisions.push(parsed.revision.unwrap());
            }
            validate(folder, HeadsPolicy::AllowMultiple).expect("generated DAG is valid")
        })
}

fn state(graph: &RevisionGraph, applied: &AppliedSet) -> Vec<Node> {
    applied.nodes(graph)
}

fn apply(graph: &RevisionGraph, applied: &AppliedSet, steps: &[Node], add: bool) -> AppliedSet {
    let mut ids: Vec<&str> = state(graph, applied).iter().map(|&n| graph.id(n)).collect();
    for &s in steps {
        if add {
            assert!(!ids.contains(&graph.id(s)), "{} applied twice", graph.id(s));
            for &p in graph.parents(s).iter().chain(graph.dependencies(s)) {
                assert!(
                    ids.contains(&graph.id(p)),
                    "{} ran before {}",
                    graph.id(s),
                    graph.id(p)
                );
            }
            ids.push(graph.id(s));
        } else {
            for &c in graph.children(s).iter().chain(graph.dependents(s)) {
                assert!(
                    !ids.contains(&graph.id(c)),
                    "{} removed before {}",
                    graph.id(s),
                    graph.id(c)
                );
            }
            let pos = ids
                .iter()
                .position(|i| *i == graph.id(s))
                .expect("removed twice or never applied");
            ids.remove(pos);
        }
    }
    graph.applied_set(ids).0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn up_to_heads_then_down_to_base_returns_to_empty(graph in dag()) {
        let empty = graph.applied_set([]).0;
        let plan = graph.plan_upgrade(&empty, "heads").unwrap();
        prop_assert_eq!(plan.steps.len(), graph.len());
        let full = apply(&graph, &empty, &plan.steps, true);
        prop_assert_eq!(&plan.heads_after, &graph.heads());
        // Planning the same upgrade again gives nothing to do.
        prop_assert!(graph.plan_upgrade(&full, "heads").unwrap().steps.is_empty());
        let down = graph.plan_downgrade(&full, "base").unwrap();
        prop_assert_eq!(down.steps.len(), graph.len());
        let after = apply(&graph, &full, &down.steps, false);
        prop_assert!(state(&graph, &after).is_empty());
    }

    #[test]
    fn stamp_leaves_the_state_upgrade_and_downgrade_leave(graph in dag(), pick in any::<u16>(), start in any::<u16>()) {
        let empty = graph.applied_set([]).0;
        // Start from the state of an upgrade to some revision.
        let first = graph.id(start as u32 % graph.len() as u32).to_owned();
        let plan = graph.plan_upgrade(&empty, &first).unwrap();
        let current = apply(&graph, &empty, &plan.steps, true);
        let target = graph.id(pick as u32 % graph.len() as u32).to_owned();
        let stamped = graph.plan_stamp(&current, &[&target], false).unwrap();
        let expected = if current.contains(graph.node(&target).unwrap()) {
            match graph.plan_downgrade(&current, &target) {
                Ok(down) => apply(&graph, &current, &down.steps, false),
                // Applied only as a dependency with nothing above it: downgrade refuses, stamp changes nothing.
                Err(migrate_core::PlanError::OnlyDependedOn { .. }) => current.clone(),
                Err(e) => panic!("{e}"),
            }
        } else {
            let up = graph.plan_upgrade(&current, &target).unwrap();
            prop_assert!(up.steps.iter().all(|s| !current.contains(*s)));
            apply(&graph, &current, &up.steps, true)
        };
        let mut after: Vec<Node> = state(&graph, &current);
        after.retain(|n| !stamped.removed.contains(n));
        after.extend(&stamped.added);
        prop_assert_eq!(graph.sorted(after), state(&graph, &expected));
        prop_assert_eq!(stamped.heads_after, expected.heads(&graph));
    }

    #[test]
    fn label_heads_and_relative_steps_never_repeat_a_revision(graph in dag(), pick in any::<u16>()) {
        let empty = graph.applied_set([]).0;
        let node = pick as u32 % graph.len() as u32;
        let target = format!("{}@head", graph.id(node));
        // A branch head may be ambiguous; when it resolves, the plan is well ordered and has no repeats.
        if let Ok(plan) = graph.plan_upgrade(&empty, &target) {
            let state = apply(&graph, &empty, &plan.steps, true);
            if let Ok(down) = graph.plan_downgrade(&state, "-1") {
                apply(&graph, &state, &down.steps, false);
            }
        }
    }

    #[test]
    fn a_qualified_downgrade_stays_on_its_branch_and_upgrading_back_restores_the_state(
        graph in dag(), start in any::<u16>(), branch in any::<u16>(), keep in any::<u16>()
    ) {
        let empty = graph.applied_set([]).0;
        let first = graph.id(start as u32 % graph.len() as u32).to_owned();
        let plan = graph.plan_upgrade(&empty, &first).unwrap();
        let current = apply(&graph, &empty, &plan.steps, true);
        let qualifier = branch as u32 % graph.len() as u32;
        let applied = state(&graph, &current);
        let target = applied[keep as usize % applied.len()];
        let text = format!("{}@{}", graph.id(qualifier), graph.id(target));
        let Ok(down) = graph.plan_downgrade(&current, &text) else { return Ok(()) };
        let lineage: Vec<bool> = {
            let below = graph.ancestors(&[qualifier], Edges::Revises);
            let above = graph.descendants(&[qualifier], Edges::Revises);
            below.iter().zip(above).map(|(b, a)| *b || a).collect()
        };
        // Every removed revision is on the qualifier's lineage or depends (transitively) on a removed one.
        let mut removed = vec![false; graph.len()];
        for &s in down.steps.iter().rev() {
            let forced = graph.parents(s).iter().chain(graph.dependencies(s)).any(|&p| removed[p as usize]);
            prop_assert!(
                lineage[s as usize] || forced,
                "{} removed by `{}` though it is off the branch", graph.id(s), text
            );
            removed[s as usize] = true;
        }
        let after = apply(&graph, &current, &down.steps, false);
        // Upgrading back to the heads before restores exactly the previous applied set.
        let mut restored = after.clone();
        for &head in &current.heads(&graph) {
            let up = graph.plan_upgrade(&restored, graph.id(head)).unwrap();
            restored = apply(&graph, &restored, &up.steps, true);
        }
        prop_assert_eq!(state(&graph, &restored), applied);
    }

    #[test]
    fn current_and_relative_steps_agree(graph in dag(), start in any::<u16>()) {
        let empty = graph.applied_set([]).0;
        let first = graph.id(start as u32 % graph.len() as u32).to_owned();
        let plan = graph.plan_upgrade(&empty, &first).unwrap();
        let current = apply(&graph, &empty, &plan.steps, true);
        let version = current.version_heads(&graph);
        let heads = current.heads(&graph);
        // The version table's heads are among the current heads, and every current head is in the version
        // table or is depended on by an applied revision.
        prop_assert!(version.iter().all(|v| heads.contains(v)));
        for h in &heads {
            prop_assert!(version.contains(h) || graph.dependents(*h).iter().any(|&d| current.contains(d)));
        }
        // A bare `-1` steps down from the single version-table head, and only then.
        match graph.plan_downgrade(&current, "-1") {
            Ok(down) => {
                prop_assert_eq!(version.len(), 1);
                prop_assert!(down.steps.contains(&version[0]));
            }
            Err(e) => prop_assert!(version.len() != 1 || e.to_string().contains("irreversible") || e.to_string().contains("runs off"), "{}", e),
        }
    }
}
