//! The revision graph as a picture: Graphviz DOT or Mermaid text, for `migrate graph`.
//!
//! Nodes come out in topological order (parents before children) and edges in the order of their child, so
//! the layout engines rank the graph as history runs and do not cross edges because of the input order.
//! `Revises` edges are solid arrows from parent to child; `Depends On` edges are dashed arrows from the
//! dependency to the revision that needs it. Heads have a double border (Mermaid: a thick one), merge points
//! are drawn as rounded boxes, and, when the database was read, applied revisions are filled and the current
//! heads say so.

use migrate_core::{Node, RevisionGraph};

/// What to draw.
#[derive(Debug)]
pub struct Picture<'g> {
    /// The graph.
    pub graph: &'g RevisionGraph,
    /// The revisions to draw (a bitmap indexed by node); edges are drawn between drawn revisions only.
    pub members: &'g [bool],
    /// The applied revisions, when the database was read.
    pub applied: Option<&'g [bool]>,
    /// The database's current heads.
    pub current: &'g [Node],
}

impl Picture<'_> {
    fn nodes(&self) -> impl Iterator<Item = Node> + '_ {
        self.graph
            .topological_order()
            .iter()
            .copied()
            .filter(|&n| self.members[n as usize])
    }

    fn is_applied(&self, node: Node) -> bool {
        self.applied.is_some_and(|a| a[node as usize])
    }

    /// The text lines of a node's label: id with its markers, message, labels.
    fn label_lines(&self, node: Node) -> Vec<String> {
        let graph = self.graph;
        let revision = graph.revision(node);
        let mut first = revision.id.to_string();
        if graph.children(node).is_empty() {
            first.push_str(if graph.is_effective_head(node) {
                " (effective head)"
            } else {
                " (head)"
            });
        }
        if self.current.contains(&node) {
            first.push_str(" (current)");
        }
        let mut lines = vec![first];
        if !revision.message.is_empty() {
            lines.push(revision.message.to_string());
        }
        let labels = graph.labels_of(node);
        if !labels.is_empty() {
            lines.push(format!("[{}]", labels.join(", ")));
        }
        lines
    }

    /// Graphviz DOT.
    pub fn dot(&self) -> String {
        let graph = self.graph;
        let mut out = String::from(
            "digraph migrations {\n    rankdir=TB;\n    node [shape=box, fontname=\"Helvetica\", fontsize=10];\n    edge [fontname=\"Helvetica\", fontsize=9];\n",
        );
        for node in self.nodes() {
            let label = self
                .label_lines(node)
                .iter()
                .map(|l| dot_escape(l))
                .collect::<Vec<_>>()
                .join("\\n");
            let mut attributes = vec![format!("label=\"{label}\"")];
            let mut style = Vec::new();
            if graph.revision(node).is_merge() {
                style.push("rounded");
            }
            if self.is_applied(node) {
                style.push("filled");
            }
            if !style.is_empty() {
                attributes.push(format!("style=\"{}\"", style.join(",")));
            }
            if self.is_applied(node) {
                attributes.push(
                    if self.current.contains(&node) {
                        "fillcolor=\"#8fd18f\""
                    } else {
                        "fillcolor=\"#d9f2d9\""
                    }
                    .to_owned(),
                );
            }
            if graph.children(node).is_empty() {
                attributes.push("peripheries=2".to_owned());
            }
            out.push_str(&format!(
                "    \"{}\" [{}];\n",
                dot_escape(graph.id(node)),
                attributes.join(", ")
            ));
        }
        for node in self.nodes() {
            for &parent in graph.parents(node) {
                if self.members[parent as usize] {
                    out.push_str(&format!(
                        "    \"{}\" -> \"{}\";\n",
                        dot_escape(graph.id(parent)),
                        dot_escape(graph.id(node))
                    ));
                }
            }
            for &dependency in graph.dependencies(node) {
                if self.members[dependency as usize] {
                    out.push_str(&format!(
                        "    \"{}\" -> \"{}\" [style=dashed, arrowhead=empty, label=\"depends on\"];\n",
                        dot_escape(graph.id(dependency)),
                        dot_escape(graph.id(node))
                    ));
                }
            }
        }
        out.push_str("}\n");
        out
    }

    /// Mermaid `flowchart`, as GitHub renders it in Markdown.
    pub fn mermaid(&self) -> String {
        let graph = self.graph;
        let mut out = String::from("flowchart TB\n");
        let id = |n: Node| format!("r_{}", graph.id(n));
        for node in self.nodes() {
            let label = self
                .label_lines(node)
                .iter()
                .map(|l| mermaid_escape(l))
                .collect::<Vec<_>>()
                .join("<br/>");
            let (open, close) = if graph.revision(node).is_merge() {
                ("(\"", "\")")
            } else {
                ("[\"", "\"]")
            };
            out.push_str(&format!("    {}{open}{label}{close}\n", id(node)));
        }
        for node in self.nodes() {
            for &parent in graph.parents(node) {
                if self.members[parent as usize] {
                    out.push_str(&format!("    {} --> {}\n", id(parent), id(node)));
                }
            }
            for &dependency in graph.dependencies(node) {
                if self.members[dependency as usize] {
                    out.push_str(&format!(
                        "    {} -. depends on .-> {}\n",
                        id(dependency),
                        id(node)
                    ));
                }
            }
        }
        let class = |name: &str, nodes: Vec<Node>| -> String {
            if nodes.is_empty() {
                String::new()
            } else {
                let ids: Vec<String> = nodes.into_iter().map(id).collect();
                format!("    class {} {name}\n", ids.join(","))
            }
        };
        let heads: Vec<Node> = self
            .nodes()
            .filter(|&n| graph.children(n).is_empty())
            .collect();
        let applied: Vec<Node> = self
            .nodes()
            .filter(|&n| self.is_applied(n) && !self.current.contains(&n))
            .collect();
        let current: Vec<Node> = self
            .nodes()
            .filter(|&n| self.is_applied(n) && self.current.contains(&n))
            .collect();
        out.push_str("    classDef head stroke-width:3px\n");
        if self.applied.is_some() {
            out.push_str("    classDef applied fill:#d9f2d9\n    classDef current fill:#8fd18f\n");
        }
        out.push_str(&class("head", heads));
        out.push_str(&class("applied", applied));
        out.push_str(&class("current", current));
        out
    }
}

fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
