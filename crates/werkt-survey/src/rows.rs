use werkt_model::{Metric, Privacy, UnitIx, UnitTree};

/// Builds metric rows (one per unit and key) that obey the privacy rule: a suppressed unit
/// keeps its rows with `value: null` and `suppressed: true`, and its `n` only when that is at
/// least the minimum group size.
pub struct MetricRows<'a> {
    tree: &'a UnitTree,
    hidden: &'a [bool],
    min: u64,
    metrics: Vec<Metric>,
}

impl<'a> MetricRows<'a> {
    pub fn new(tree: &'a UnitTree, hidden: &'a [bool], privacy: Privacy) -> MetricRows<'a> {
        MetricRows {
            tree,
            hidden,
            min: privacy.min_group_size.max(Privacy::FLOOR),
            metrics: Vec::new(),
        }
    }

    /// Adds the row `key` of unit `u`. Non-finite values become null (undefined).
    pub fn push(&mut self, u: UnitIx, key: &str, value: Option<f64>, n: Option<u64>) {
        let suppressed = self.hidden[u];
        self.metrics.push(Metric {
            unit: self.tree.id(u).to_string(),
            subject: None,
            metric: key.to_string(),
            value: if suppressed {
                None
            } else {
                value.filter(|v| v.is_finite())
            },
            n: if suppressed {
                n.filter(|&n| n >= self.min)
            } else {
                n
            },
            suppressed,
            as_of: None,
        });
    }

    /// The value a chart may show for unit `u`: `None` when suppressed.
    pub fn visible(&self, u: UnitIx, value: Option<f64>) -> Option<f64> {
        if self.hidden[u] {
            None
        } else {
            value.filter(|v| v.is_finite())
        }
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
    fn suppressed_rows_hide_values_and_small_counts() {
        let u = |id: &str, p: Option<&str>| Unit {
            id: id.into(),
            name: id.into(),
            parent: p.map(Into::into),
            org_form: None,
        };
        let t = UnitTree::new(&[u("org", None), u("a", Some("org")), u("b", Some("org"))]).unwrap();
        let hidden = [false, true, true];
        let mut rows = MetricRows::new(&t, &hidden, Privacy::default());
        rows.push(0, "total", Some(3.5), Some(20));
        rows.push(1, "total", Some(4.0), Some(3));
        rows.push(2, "total", Some(3.0), Some(17));
        rows.push(0, "alpha", Some(f64::NAN), Some(20));
        assert_eq!(rows.visible(1, Some(4.0)), None);
        let m = rows.into_metrics();
        assert_eq!(
            (m[0].value, m[0].n, m[0].suppressed),
            (Some(3.5), Some(20), false)
        );
        assert_eq!((m[1].value, m[1].n, m[1].suppressed), (None, None, true));
        assert_eq!(
            (m[2].value, m[2].n, m[2].suppressed),
            (None, Some(17), true)
        );
        assert_eq!(m[3].value, None);
    }
}
