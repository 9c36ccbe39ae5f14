//! Every scenario of ALEMBIC.md section 2, as migrate plans it. Alembic's `ITER(upper, lower)` is mapped to
//! the upgrade or downgrade a user would run: an inclusive lower bound `L` means "starting with L not yet
//! applied" (everything strictly below L applied); `excl` means L is applied too. The step order asserted is
//! the partial order (parents first on upgrade, children first on downgrade), plus the exact set and heads.

mod basics;
mod dependencies;
mod invalid_graphs;
mod labels;
mod multi_branch;
mod multiple_roots;
mod operations;
mod travel;

use crate::support::*;

const MULTI: &str = "a:-, b1:a, b2:a, cb1:b1, cb2:b2, d1cb1:cb1, d2cb1:cb1, d1cb2:cb2, d2cb2:cb2, d3cb2:cb2, d1d2cb2:d1cb2+d2cb2";

fn heads(notation: &str) -> Vec<String> {
    let g = graph(notation);
    sorted(ids(&g, &g.heads()))
}
