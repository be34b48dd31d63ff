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
/// suppressed. Then, until nothing changes, complementary suppression:
///
/// - domain.md's rule: when exactly one child of a shown parent is suppressed, its smallest
///   other child (by count, ties by unit id) is suppressed too, so the hidden figure cannot be
///   recovered as parent minus the visible children;
/// - the people placed directly in a parent (not in any child) count as one more child for
///   that rule when there are fewer than the minimum of them, because the parent minus all
///   its children is their figure;
/// - a hidden unit whose people all sit in visible children (no one placed directly in it) is
///   as good as shown, since its figure follows from theirs: its smallest child is hidden too.
///   Without this, a hidden unit with a single child would be shown under the child's name,
///   and the subtraction the first rule prevents would work one level up.
///
/// This is the one implementation of the rule; every analysis calls it.
pub fn suppress(tree: &UnitTree, counts: &[u64], privacy: Privacy) -> Vec<bool> {
    let min = privacy.min_group_size.max(Privacy::FLOOR);
    let mut hidden: Vec<bool> = counts.iter().map(|&n| n < min).collect();
    // People placed directly in each unit. A person counted in several children (a transfer
    // within the period) makes the difference smaller, never larger, so this errs on the side
    // of more suppression only through the small-direct-group rule, which is what we want.
    let direct: Vec<u64> = (0..tree.len())
        .map(|u| counts[u].saturating_sub(tree.children(u).iter().map(|&c| counts[c]).sum()))
        .collect();
    let smallest_shown = |hidden: &[bool], kids: &[UnitIx]| {
        kids.iter()
            .copied()
            .filter(|&c| !hidden[c])
            .min_by(|&a, &b| {
                counts[a]
                    .cmp(&counts[b])
                    .then_with(|| tree.id(a).cmp(tree.id(b)))
            })
    };
    loop {
        let mut changed = false;
        for &p in tree.preorder() {
            let kids = tree.children(p);
            if kids.is_empty() {
                continue;
            }
            let hidden_kids = kids.iter().filter(|&&c| hidden[c]).count();
            let small_direct = direct[p] > 0 && direct[p] < min;
            let needs_another = if hidden[p] {
                hidden_kids == 0 && direct[p] == 0
            } else {
                hidden_kids + usize::from(small_direct) == 1
            };
            if needs_another && let Some(c) = smallest_shown(&hidden, kids) {
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
            .map(|(id, p)| Unit {
                id: (*id).into(),
                name: (*id).into(),
                parent: p.map(Into::into),
                org_form: None,
            })
            .collect();
        UnitTree::new(&units).unwrap()
    }

    #[test]
    fn small_groups_and_their_smallest_sibling_are_hidden() {
        let t = tree(&[
            ("org", None),
            ("a", Some("org")),
            ("b", Some("org")),
            ("c", Some("org")),
        ]);
        // org 30, a 3 (small), b 12, c 15: a hidden, then b as the smallest other child.
        let hidden = suppress(&t, &[30, 3, 12, 15], Privacy::default());
        assert_eq!(hidden, vec![false, true, true, false]);
    }

    #[test]
    fn two_hidden_children_need_nothing_more() {
        let t = tree(&[
            ("org", None),
            ("a", Some("org")),
            ("b", Some("org")),
            ("c", Some("org")),
        ]);
        let hidden = suppress(&t, &[30, 3, 4, 23], Privacy::default());
        assert_eq!(hidden, vec![false, true, true, false]);
    }

    #[test]
    fn ties_break_by_id_and_hidden_parents_are_left_alone() {
        let t = tree(&[
            ("org", None),
            ("p", Some("org")),
            ("q", Some("org")),
            ("p1", Some("p")),
            ("p2", Some("p")),
        ]);
        // p is 4 (hidden) so its children are not reconsidered; q must go with p.
        let hidden = suppress(&t, &[40, 4, 36, 2, 2], Privacy::default());
        assert_eq!(hidden, vec![false, true, true, true, true]);
        let t2 = tree(&[
            ("org", None),
            ("a", Some("org")),
            ("b", Some("org")),
            ("c", Some("org")),
        ]);
        assert_eq!(
            suppress(&t2, &[30, 2, 9, 9], Privacy::default()),
            vec![false, true, true, false]
        );
    }

    #[test]
    fn a_hidden_unit_is_not_shown_under_its_only_childs_name() {
        // org 30 = a 20 + h 8 + s 2; h has one child h1 with all of h's 8 people.
        let t = tree(&[
            ("org", None),
            ("a", Some("org")),
            ("h", Some("org")),
            ("s", Some("org")),
            ("h1", Some("h")),
        ]);
        let hidden = suppress(&t, &[30, 20, 8, 2, 8], Privacy::default());
        // s is small, h goes with it, and h1 (= h) must go too, or org - a - h1 = s.
        assert_eq!(hidden, vec![false, false, true, true, true]);
    }

    #[test]
    fn a_small_group_placed_directly_in_a_parent_counts_as_a_hidden_child() {
        // Department d: 2 people directly (a manager and an assistant) plus teams of 6 and 9.
        let t = tree(&[
            ("org", None),
            ("d", Some("org")),
            ("d1", Some("d")),
            ("d2", Some("d")),
        ]);
        let hidden = suppress(&t, &[17, 17, 6, 9], Privacy::default());
        // d - d1 - d2 would be the two; the smaller team is hidden so it is not.
        assert_eq!(hidden, vec![false, false, true, false]);
        // With 5 or more directly placed people there is nothing to protect.
        assert_eq!(
            suppress(&t, &[20, 20, 6, 9], Privacy::default()),
            vec![false; 4]
        );
    }

    #[test]
    fn the_floor_holds_even_if_asked_lower() {
        let t = tree(&[("org", None)]);
        assert_eq!(
            suppress(&t, &[2], Privacy { min_group_size: 1 }),
            vec![true]
        );
    }
}
