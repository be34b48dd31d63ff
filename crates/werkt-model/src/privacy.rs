use serde::{Deserialize, Serialize};

use crate::{UnitIx, UnitTree};

/// Privacy settings every analysis receives (`[privacy]` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Privacy {
    /// Figures about fewer people than this are suppressed. Never below 3; default 5.
    pub min_group_size: u64,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy { min_group_size: 5 }
    }
}

impl Privacy {
    /// The smallest minimum group size werkt accepts: below it, individuals are recognisable.
    pub const FLOOR: u64 = 3;
}

/// Decides which units' figures are hidden (domain.md section 0, minimum group size).
///
/// `counts[u]` is the number of people the rule counts for unit `u`, already rolled up
/// (respondents for survey figures, headcount for absence figures). A unit below the minimum is
/// suppressed. Then, complementary suppression: while some shown parent has exactly one
/// suppressed child, its smallest other child (by count, ties by unit id) is suppressed too, so
/// the hidden figure cannot be recovered as parent minus the visible children. This is the one
/// implementation of the rule; every analysis calls it.
pub fn suppress(tree: &UnitTree, counts: &[u64], privacy: Privacy) -> Vec<bool> {
    let min = privacy.min_group_size.max(Privacy::FLOOR);
    let mut hidden: Vec<bool> = counts.iter().map(|&n| n < min).collect();
    loop {
        let mut changed = false;
        for &p in tree.preorder() {
            if hidden[p] {
                continue;
            }
            let kids = tree.children(p);
            if kids.iter().filter(|&&c| hidden[c]).count() != 1 {
                continue;
            }
            let smallest: Option<UnitIx> = kids
                .iter()
                .copied()
                .filter(|&c| !hidden[c])
                .min_by(|&a, &b| counts[a].cmp(&counts[b]).then_with(|| tree.id(a).cmp(tree.id(b))));
            if let Some(c) = smallest {
                hidden[c] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Unit;

    fn tree(spec: &[(&str, Option<&str>)]) -> UnitTree {
        let units: Vec<Unit> = spec
            .iter()
            .map(|(id, p)| Unit { id: (*id).into(), name: (*id).into(), parent: p.map(Into::into), org_form: None })
            .collect();
        UnitTree::new(&units).unwrap()
    }

    #[test]
    fn small_groups_and_their_smallest_sibling_are_hidden() {
        let t = tree(&[("org", None), ("a", Some("org")), ("b", Some("org")), ("c", Some("org"))]);
        // org 30, a 3 (small), b 12, c 15: a hidden, then b as the smallest other child.
        let hidden = suppress(&t, &[30, 3, 12, 15], Privacy::default());
        assert_eq!(hidden, vec![false, true, true, false]);
    }

    #[test]
    fn two_hidden_children_need_nothing_more() {
        let t = tree(&[("org", None), ("a", Some("org")), ("b", Some("org")), ("c", Some("org"))]);
        let hidden = suppress(&t, &[30, 3, 4, 23], Privacy::default());
        assert_eq!(hidden, vec![false, true, true, false]);
    }

    #[test]
    fn ties_break_by_id_and_hidden_parents_are_left_alone() {
        let t = tree(&[("org", None), ("p", Some("org")), ("q", Some("org")), ("p1", Some("p")), ("p2", Some("p"))]);
        // p is 4 (hidden) so its children are not reconsidered; q must go with p.
        let hidden = suppress(&t, &[40, 4, 36, 2, 2], Privacy::default());
        assert_eq!(hidden, vec![false, true, true, true, true]);
        let t2 = tree(&[("org", None), ("a", Some("org")), ("b", Some("org")), ("c", Some("org"))]);
        assert_eq!(suppress(&t2, &[30, 2, 9, 9], Privacy::default()), vec![false, true, true, false]);
    }

    #[test]
    fn the_floor_holds_even_if_asked_lower() {
        let t = tree(&[("org", None)]);
        assert_eq!(suppress(&t, &[2], Privacy { min_group_size: 1 }), vec![true]);
    }
}
