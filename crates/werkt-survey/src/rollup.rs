use werkt_model::{Privacy, SurveyResponse, UnitIx, UnitTree, suppress};

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

/// Unit figures after the roll-up and the privacy rule.
#[derive(Debug, Clone)]
pub struct Rolled<T> {
    /// Indexed by `UnitIx`: each unit's figures including all its descendants.
    pub figures: Vec<T>,
    /// The count the privacy rule used (respondents), per unit, rolled up.
    pub counts: Vec<u64>,
    /// Whether a unit's figures are suppressed (minimum group size and complementary
    /// suppression, by `werkt_model::suppress`).
    pub hidden: Vec<bool>,
}

/// Rolls per-unit direct figures (of the respondents on each unit's own rows) up over the tree,
/// so that a unit's figure includes its descendants (domain.md section 0), then decides which
/// units are suppressed by the rolled-up respondent count. One pass over the units.
pub fn roll_up_and_suppress<T: Clone>(
    tree: &UnitTree,
    direct: &[T],
    merge: impl FnMut(&mut T, &T),
    count: impl Fn(&T) -> u64,
    privacy: Privacy,
) -> Rolled<T> {
    let figures = tree.roll_up(direct, merge);
    let counts: Vec<u64> = figures.iter().map(count).collect();
    let hidden = suppress(tree, &counts, privacy);
    Rolled {
        figures,
        counts,
        hidden,
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
    fn rolls_up_then_suppresses_small_units_and_their_smallest_sibling() {
        let t = tree();
        // Direct respondents: org 0, a 2, a1 4, b 3, c 9. Rolled: a = 6, org = 18.
        let r = roll_up_and_suppress(
            &t,
            &[0u64, 2, 4, 3, 9],
            |p, c| *p += *c,
            |&n| n,
            Privacy::default(),
        );
        assert_eq!(r.counts, vec![18, 6, 4, 3, 9]);
        // a1 (4) and b (3) are below 5. Under a, a1 is a's only child: it is hidden, and a has
        // no other child to hide. Under org, b is the only hidden child, so the smallest
        // other child, a (6), is hidden too.
        assert_eq!(r.hidden, vec![false, true, true, true, false]);
    }
}
