use werkt_model::{Metric, Period, UnitIx, UnitTree};

use crate::Shown;

/// Whether one figure of a unit is shown in the report, and with which date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Suppressed: no value and no `n` leave the plugin.
    Hidden,
    /// Shown; `as_of` is the period the figure was computed on when that is earlier than the
    /// report's (kept as last published, domain.md section 0 "over time").
    Shown { as_of: Option<Period> },
}

impl Visibility {
    /// The main figures of a unit as published for `report` (`None`: hidden).
    pub fn of<T>(shown: Option<&Shown<T>>, report: Period) -> Visibility {
        match shown {
            None => Visibility::Hidden,
            Some(s) => Visibility::Shown {
                as_of: s.as_of(report),
            },
        }
    }

    /// The figure with its own population number `k` (an alpha, a capability score) of a unit.
    pub fn of_own<T>(shown: Option<&Shown<T>>, k: usize, report: Period) -> Visibility {
        match shown {
            Some(s) if s.own_shown(k) => Visibility::Shown {
                as_of: s.as_of(report),
            },
            _ => Visibility::Hidden,
        }
    }

    pub fn is_shown(self) -> bool {
        matches!(self, Visibility::Shown { .. })
    }
}

/// Builds metric rows (one per unit and key) that obey the privacy rule: a hidden figure keeps
/// its row with `value: null` and `suppressed: true` and nothing else (not even its `n`: the
/// counts of a hidden unit and of its parent would give a hidden sibling's count).
pub struct MetricRows<'a> {
    tree: &'a UnitTree,
    metrics: Vec<Metric>,
}

impl<'a> MetricRows<'a> {
    pub fn new(tree: &'a UnitTree) -> MetricRows<'a> {
        MetricRows {
            tree,
            metrics: Vec::new(),
        }
    }

    /// Adds the row `key` of unit `u`. Non-finite values become null (undefined).
    pub fn push(
        &mut self,
        u: UnitIx,
        key: &str,
        value: Option<f64>,
        n: Option<u64>,
        visibility: Visibility,
    ) {
        let (value, n, suppressed, as_of) = match visibility {
            Visibility::Hidden => (None, None, true, None),
            Visibility::Shown { as_of } => (value.filter(|v| v.is_finite()), n, false, as_of),
        };
        self.metrics.push(Metric {
            unit: self.tree.id(u).to_string(),
            subject: None,
            metric: key.to_string(),
            value,
            n,
            suppressed,
            as_of,
        });
    }

    pub fn into_metrics(self) -> Vec<Metric> {
        self.metrics
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use werkt_model::Unit;

    #[test]
    fn hidden_rows_keep_only_their_place() {
        let u = |id: &str, p: Option<&str>| Unit {
            id: id.into(),
            name: id.into(),
            parent: p.map(Into::into),
            org_form: None,
        };
        let t = UnitTree::new(&[u("org", None), u("a", Some("org")), u("b", Some("org"))]).unwrap();
        let jul = Period::new(2026, 7);
        let mut rows = MetricRows::new(&t);
        rows.push(
            0,
            "total",
            Some(3.5),
            Some(20),
            Visibility::Shown { as_of: None },
        );
        rows.push(1, "total", Some(4.0), Some(3), Visibility::Hidden);
        rows.push(2, "total", Some(3.0), Some(17), Visibility::Hidden);
        rows.push(
            0,
            "alpha",
            Some(f64::NAN),
            Some(20),
            Visibility::Shown { as_of: jul },
        );
        let m = rows.into_metrics();
        assert_eq!(
            (m[0].value, m[0].n, m[0].suppressed, m[0].as_of),
            (Some(3.5), Some(20), false, None)
        );
        assert_eq!((m[1].value, m[1].n, m[1].suppressed), (None, None, true));
        assert_eq!((m[2].value, m[2].n, m[2].suppressed), (None, None, true));
        assert_eq!((m[3].value, m[3].n, m[3].as_of), (None, Some(20), jul));
    }
}
