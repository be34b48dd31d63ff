use werkt_model::{Population, Privacy, Suppression, SurveyResponse, UnitIx, UnitTree, suppress};

use crate::Selection;

/// Per-unit figures of the selected responses, each added to the unit on its own row (before
/// the roll-up). `units[i]` is the unit of `responses[i]` (see [`crate::response_units`]).
pub fn direct_figures<T: Clone>(
    tree: &UnitTree,
    responses: &[SurveyResponse],
    units: &[UnitIx],
    selection: &Selection,
    empty: T,
    mut add: impl FnMut(&mut T, &SurveyResponse),
) -> Vec<T> {
    let mut direct = vec![empty; tree.len()];
    for &i in &selection.indices {
        if let (Some(r), Some(&u)) = (responses.get(i), units.get(i)) {
            add(&mut direct[u], r);
        }
    }
    direct
}

/// Unit figures of one window after the roll-up and the privacy rule.
#[derive(Debug, Clone)]
pub struct Rolled<T> {
    /// Indexed by `UnitIx`: each unit's figures including all its descendants.
    pub figures: Vec<T>,
    /// The main population's distinct people per unit (the `n` of the figures) and which
    /// units are hidden (`werkt_model::suppress`).
    pub suppression: Suppression,
}

/// Rolls per-unit direct figures (of the respondents on each unit's own rows) up over the tree,
/// so that a unit's figure includes its descendants (domain.md section 0), then decides which
/// units are hidden for `population`, the figures' main population: the counted respondents,
/// each placed in the unit of their counted response.
///
/// One window only; survey figures over time go through [`crate::publish`], which applies the
/// over-time rule on top of this.
pub fn roll_up_and_suppress<T: Clone>(
    tree: &UnitTree,
    direct: &[T],
    merge: impl FnMut(&mut T, &T),
    population: &Population,
    privacy: Privacy,
) -> Rolled<T> {
    Rolled {
        figures: tree.roll_up(direct, merge),
        suppression: suppress(tree, population, privacy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use werkt_model::Unit;

    fn tree() -> UnitTree {
        let u = |id: &str, p: Option<&str>| Unit {
            id: id.into(),
            name: id.into(),
            parent: p.map(Into::into),
            org_form: None,
        };
        UnitTree::new(&[
            u("org", None),
            u("a", Some("org")),
            u("a1", Some("a")),
            u("b", Some("org")),
            u("c", Some("org")),
        ])
        .unwrap()
    }

    #[test]
    fn rolls_up_then_suppresses_by_the_people_of_the_population() {
        let t = tree();
        // Direct respondents: org 0, a 2, a1 4, b 3, c 9. Rolled: a = 6, org = 18.
        let direct = [0u64, 2, 4, 3, 9];
        let mut pop = Population::new(t.len());
        let mut next = 0;
        for (u, &n) in direct.iter().enumerate() {
            for _ in 0..n {
                pop.place(u, next);
                next += 1;
            }
        }
        let r = roll_up_and_suppress(&t, &direct, |p, c| *p += *c, &pop, Privacy::default());
        assert_eq!(r.figures, vec![18, 6, 4, 3, 9]);
        assert_eq!(r.suppression.counts, vec![18, 6, 4, 3, 9]);
        // a1 (4) and b (3) are below 5. Under a, a1's 4 plus the 2 placed in a itself are a's
        // residual (6), enough. Under org, b's 3 are the residual, so the smallest highest
        // shown descendant, a (6), goes too: then a's 6 and b's 3 make 9.
        assert_eq!(r.suppression.hidden, vec![false, true, true, true, false]);
    }
}
