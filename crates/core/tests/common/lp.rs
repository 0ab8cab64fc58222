//! The independent auditor's linear programmes (`microlp`), shared by the disclosure tests
//! (`disclosure_audit`, `combine_audit`, `vote_breakdown`): non-negative variables, linear
//! constraints, and the least and greatest value of a combination consistent with them all.
//! Included with `#[path]` by the tests that attack, so the others do not carry it.

pub use microlp::ComparisonOp;
use microlp::{OptimizationDirection, Problem};

/// A linear combination of variables: (variable, coefficient).
pub type Terms = Vec<(usize, f64)>;

#[derive(Default)]
pub struct Lp {
    vars: usize,
    rows: Vec<(Terms, ComparisonOp, f64)>,
}

fn ones(vars: Vec<usize>) -> Terms {
    vars.into_iter().map(|v| (v, 1.0)).collect()
}

#[allow(dead_code)] // each auditor uses the forms that fit its tables
impl Lp {
    /// A new variable, at least 0.
    pub fn var(&mut self) -> usize {
        self.vars += 1;
        self.vars - 1
    }
    pub fn row(&mut self, terms: Terms, op: ComparisonOp, rhs: f64) {
        self.rows.push((terms, op, rhs));
    }
    pub fn eq(&mut self, terms: Terms, rhs: f64) {
        self.row(terms, ComparisonOp::Eq, rhs);
    }
    /// The variables add up to `rhs`.
    pub fn eq_sum(&mut self, vars: Vec<usize>, rhs: f64) {
        self.row(ones(vars), ComparisonOp::Eq, rhs);
    }
    /// The variables add up to at least `rhs`.
    pub fn at_least(&mut self, vars: Vec<usize>, rhs: f64) {
        self.row(ones(vars), ComparisonOp::Ge, rhs);
    }
    /// The sum of `a` equals the sum of `b`.
    pub fn link(&mut self, a: Vec<usize>, b: Vec<usize>) {
        let mut t = ones(a);
        t.extend(b.into_iter().map(|v| (v, -1.0)));
        self.row(t, ComparisonOp::Eq, 0.0);
    }
    fn optimum(&self, objective: &[(usize, f64)], dir: OptimizationDirection) -> f64 {
        let mut p = Problem::new(dir);
        let mut obj = vec![0.0; self.vars];
        for &(v, c) in objective {
            obj[v] += c;
        }
        let vars: Vec<_> = obj.iter().map(|&c| p.add_var(c, (0.0, f64::INFINITY))).collect();
        for (terms, op, rhs) in &self.rows {
            let t: Vec<_> = terms.iter().map(|&(v, c)| (vars[v], c)).collect();
            p.add_constraint(t.as_slice(), *op, *rhs);
        }
        p.solve().expect("the published figures are consistent").into_solution().expect("solved").objective()
    }
    /// The least and greatest value of `objective` consistent with every constraint.
    pub fn range(&self, objective: &[(usize, f64)]) -> (f64, f64) {
        (
            self.optimum(objective, OptimizationDirection::Minimize),
            self.optimum(objective, OptimizationDirection::Maximize),
        )
    }
}
