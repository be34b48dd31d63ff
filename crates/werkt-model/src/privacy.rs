//! The minimum-group-size rule of domain.md section 0: which units' figures are hidden.
//!
//! This is the one implementation of the rule; every analysis (the bundled plugins and, through
//! the SDK, custom ones) calls it, and the host applies its first half again to every plugin
//! response. It works on *sets of distinct people*, never on counts subtracted from counts: a
//! person transferred inside the window, or placed in a parent for a few days and then in a
//! team, is one person, and subtracting counts would make them vanish from the residual that
//! complementary suppression protects.

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

    /// The minimum in force: the configured one, never below [`Privacy::FLOOR`].
    pub fn min(self) -> u64 {
        self.min_group_size.max(Self::FLOOR)
    }

    /// Whether a figure about `n` people may be shown on its own (before complementary
    /// suppression, which needs the tree).
    pub fn allows(self, n: u64) -> bool {
        n >= self.min()
    }
}

/// The people of one population (respondents, employees employed in the period, employees
/// whose spell ended, ...) by the units they were *placed directly* in during the figure's
/// window. A person placed in several units (a transfer) is listed under each; the rule counts
/// them once wherever units are taken together.
///
/// People are numbered by the caller (`0..`); the numbers only need to be the same person
/// wherever they occur in one population.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Population {
    direct: Vec<Vec<u32>>,
}

impl Population {
    /// An empty population over `units` units.
    pub fn new(units: usize) -> Population {
        Population {
            direct: vec![Vec::new(); units],
        }
    }

    /// Records that `person` was placed directly in `unit` on at least one day of the window.
    /// Placing someone twice in a unit is harmless: the rule counts distinct people.
    pub fn place(&mut self, unit: UnitIx, person: u32) {
        let d = &mut self.direct[unit];
        if d.last() != Some(&person) {
            d.push(person);
        }
    }

    /// The people placed directly in `unit` (a person placed there twice may be listed twice).
    pub fn direct(&self, unit: UnitIx) -> &[u32] {
        &self.direct[unit]
    }

    /// Distinct people placed in at least one of the units `keep` accepts: the size of a
    /// group that is not a unit, such as the rest of the organisation outside one subtree.
    pub fn people_in(&self, keep: impl Fn(UnitIx) -> bool) -> u64 {
        let mut people: Vec<u32> = self
            .direct
            .iter()
            .enumerate()
            .filter(|(u, _)| keep(*u))
            .flat_map(|(_, d)| d.iter().copied())
            .collect();
        people.sort_unstable();
        people.dedup();
        people.len() as u64
    }

    fn people(&self) -> usize {
        self.direct
            .iter()
            .flat_map(|d| d.iter())
            .max()
            .map_or(0, |&p| p as usize + 1)
    }

    /// Distinct people per unit's subtree (the unit's population size).
    ///
    /// Linear in the placements: most people are placed in one unit, and their counts roll up
    /// by addition; only people placed in several units are walked up the tree one by one,
    /// stopping at the first ancestor already counted for them.
    pub fn counts(&self, tree: &UnitTree) -> Vec<u64> {
        let mut placements = vec![0u32; self.people()];
        for d in &self.direct {
            for &p in d {
                placements[p as usize] = placements[p as usize].saturating_add(1);
            }
        }
        let mut single = vec![0u64; tree.len()];
        let mut several: Vec<(u32, UnitIx)> = Vec::new();
        for (u, d) in self.direct.iter().enumerate() {
            for &p in d {
                if placements[p as usize] == 1 {
                    single[u] += 1;
                } else {
                    several.push((p, u));
                }
            }
        }
        let mut counts = tree.roll_up(&single, |a, b| *a += *b);
        several.sort_unstable();
        // stamp[u] = 1 + the person last counted in u; placements come grouped by person.
        let mut stamp = vec![0u32; tree.len()];
        for (p, u) in several {
            let mark = p + 1;
            for a in tree.ancestors_or_self(u) {
                if stamp[a] == mark {
                    break;
                }
                stamp[a] = mark;
                counts[a] += 1;
            }
        }
        counts
    }
}

/// Which units' figures of one population are hidden, with the population counts the rule
/// used (what a figure's `n` is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Distinct people of the population per unit (subtree).
    pub counts: Vec<u64>,
    /// Whether the unit's figures of this population are hidden.
    pub hidden: Vec<bool>,
}

impl Suppression {
    /// Whether `unit` is shown.
    pub fn shown(&self, unit: UnitIx) -> bool {
        !self.hidden[unit]
    }
}

/// Decides which units' figures about `population` are hidden (domain.md section 0).
///
/// A unit is hidden when its population has fewer than the minimum. Then complementary
/// suppression: for every shown unit U, in preorder, the people of U's subtree outside its
/// *highest shown descendants* (placed directly in U or in one of its hidden parts on any day
/// of the window) must number 0 or at least the minimum, or U minus those descendants would be
/// a figure about them; while they don't, the smallest highest shown descendant (by count,
/// ties by unit id) is hidden too.
///
/// Checking the units once in preorder, each until it passes, is the same as always fixing
/// the first failing unit in preorder: hiding a descendant of U changes only U's residual
/// (every unit between them is hidden, every ancestor of U still stops at the shown U).
pub fn suppress(tree: &UnitTree, population: &Population, privacy: Privacy) -> Suppression {
    suppress_within(tree, population, privacy, &vec![false; tree.len()])
}

/// [`suppress`] for a figure with its own population (mean duration, zero absence, a score,
/// alpha), starting from the units already hidden for the unit's main population.
pub fn suppress_within(
    tree: &UnitTree,
    population: &Population,
    privacy: Privacy,
    already_hidden: &[bool],
) -> Suppression {
    let pop = population;
    let counts = pop.counts(tree);
    let mut hidden: Vec<bool> = (0..tree.len())
        .map(|u| already_hidden.get(u).copied().unwrap_or(false) || !privacy.allows(counts[u]))
        .collect();
    let mut seen = vec![0u32; pop.people()];
    let mut check = 0u32;
    let mut frontier: Vec<UnitIx> = Vec::new();
    let mut stack: Vec<UnitIx> = Vec::new();
    for &u in tree.preorder() {
        if hidden[u] {
            continue;
        }
        // U's residual region: U and its hidden parts, down to the highest shown descendants
        // (the frontier); the residual is the distinct people placed directly in the region.
        // Hiding a frontier unit only adds it and its hidden parts to the region, so the
        // region is extended, never walked again (walking it anew after every hiding was
        // quadratic on a chain: 7.3 s for 20,000 units unoptimised).
        check += 1;
        let mut residual = 0u64;
        let mut count = |r: UnitIx, residual: &mut u64| {
            for &p in &pop.direct[r] {
                if seen[p as usize] != check {
                    seen[p as usize] = check;
                    *residual += 1;
                }
            }
        };
        frontier.clear();
        stack.clear();
        count(u, &mut residual);
        stack.extend_from_slice(tree.children(u));
        loop {
            while let Some(c) = stack.pop() {
                if hidden[c] {
                    count(c, &mut residual);
                    stack.extend_from_slice(tree.children(c));
                } else {
                    frontier.push(c);
                }
            }
            if residual == 0 || privacy.allows(residual) {
                break;
            }
            // A shown unit always has a residual of at least the minimum without shown
            // descendants, so the frontier is not empty here.
            let Some(i) = (0..frontier.len()).min_by(|&a, &b| {
                let (a, b) = (frontier[a], frontier[b]);
                counts[a]
                    .cmp(&counts[b])
                    .then_with(|| tree.id(a).cmp(tree.id(b)))
            }) else {
                break;
            };
            let smallest = frontier.swap_remove(i);
            hidden[smallest] = true;
            stack.push(smallest);
        }
    }
    Suppression { counts, hidden }
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

    /// A population with `sizes[u]` new people placed directly in unit `u`.
    fn pop(t: &UnitTree, sizes: &[u32]) -> Population {
        let mut p = Population::new(t.len());
        let mut next = 0;
        for (u, &n) in sizes.iter().enumerate() {
            for _ in 0..n {
                p.place(u, next);
                next += 1;
            }
        }
        p
    }

    fn flat(children: &[&'static str]) -> UnitTree {
        let mut spec = vec![("org", None)];
        spec.extend(children.iter().map(|c| (*c, Some("org"))));
        tree(&spec)
    }

    #[test]
    fn small_groups_and_their_smallest_sibling_are_hidden() {
        let t = flat(&["a", "b", "c"]);
        // a 3 (small), b 12, c 15: a hidden, then org's residual is a's 3, so b goes too.
        let s = suppress(&t, &pop(&t, &[0, 3, 12, 15]), Privacy::default());
        assert_eq!(s.hidden, vec![false, true, true, false]);
        assert_eq!(s.counts, vec![30, 3, 12, 15]);
    }

    #[test]
    fn two_hidden_children_that_reach_the_minimum_together_need_nothing_more() {
        let t = flat(&["a", "b", "c"]);
        let s = suppress(&t, &pop(&t, &[0, 3, 4, 23]), Privacy::default());
        assert_eq!(s.hidden, vec![false, true, true, false]);
    }

    #[test]
    fn an_empty_sibling_protects_nothing() {
        // Leak 2: org = big 10 + tiny 3 + empty 0. The empty team is no second hidden part.
        let t = flat(&["big", "empty", "tiny"]);
        let s = suppress(&t, &pop(&t, &[0, 10, 0, 3]), Privacy::default());
        assert_eq!(s.hidden, vec![false, true, true, true]);
    }

    #[test]
    fn hidden_parts_must_add_up_to_the_minimum() {
        // Leak 3a: two 1-person units hidden together are still 2 people.
        let t = flat(&["a", "b", "one", "two"]);
        let s = suppress(&t, &pop(&t, &[0, 8, 9, 1, 1]), Privacy::default());
        assert_eq!(s.hidden, vec![false, true, false, true, true]);
        // Leak 3b: a hidden child of 3 plus 1 person placed directly in the parent.
        let t = flat(&["a", "b", "small"]);
        let s = suppress(&t, &pop(&t, &[1, 8, 9, 3]), Privacy::default());
        assert_eq!(s.hidden, vec![false, true, false, true]);
    }

    #[test]
    fn a_transfer_is_one_person_and_a_newcomer_in_the_parent_is_in_its_residual() {
        // Leak 4: d has teams d1 (6) and d2 (9); person 99 started in d itself and moved to d1
        // in the window. Counting d - d1 - d2 gives 0 and would show the newcomer's days in d.
        let t = tree(&[
            ("org", None),
            ("d", Some("org")),
            ("d1", Some("d")),
            ("d2", Some("d")),
        ]);
        let mut p = pop(&t, &[0, 0, 6, 9]);
        p.place(1, 99);
        p.place(2, 99);
        let s = suppress(&t, &p, Privacy::default());
        assert_eq!(s.counts, vec![16, 16, 7, 9]);
        assert_eq!(s.hidden, vec![false, false, true, false]);
        // A transfer between two shown teams leaves nobody outside them.
        let mut p = pop(&t, &[0, 0, 6, 9]);
        p.place(3, 0);
        let s = suppress(&t, &p, Privacy::default());
        assert_eq!(s.counts, vec![15, 15, 6, 10]);
        assert_eq!(s.hidden, vec![false; 4]);
    }

    #[test]
    fn a_hidden_unit_is_not_shown_under_its_only_childs_name() {
        // org 30 = a 20 + h 8 (all in h1) + s 2.
        let t = tree(&[
            ("org", None),
            ("a", Some("org")),
            ("h", Some("org")),
            ("s", Some("org")),
            ("h1", Some("h")),
        ]);
        let s = suppress(&t, &pop(&t, &[0, 20, 0, 2, 8]), Privacy::default());
        // s is small; org's highest shown descendants are a and h (8 < 20, so h goes), then a
        // and h1: residual s = 2 still, h1 goes; then only a: residual 10, fine.
        assert_eq!(s.hidden, vec![false, false, true, true, true]);
    }

    /// Issue 13: the residual region was walked anew after every complementary hiding, so a
    /// chain whose root has one person of its own and whose bottom unit has the rest hid its
    /// units one by one at a cost growing with the region: 7.3 s for 20,000 units.
    #[test]
    fn a_long_cascade_of_hidings_on_a_chain_is_linear() {
        let n = 20_000;
        let spec: Vec<(String, Option<String>)> = (0..n)
            .map(|i| {
                (
                    format!("u{i:06}"),
                    (i > 0).then(|| format!("u{:06}", i - 1)),
                )
            })
            .collect();
        let units: Vec<Unit> = spec
            .iter()
            .map(|(id, p)| Unit {
                id: id.clone(),
                name: id.clone(),
                parent: p.clone(),
                org_form: None,
            })
            .collect();
        let t = UnitTree::new(&units).unwrap();
        let mut p = Population::new(n);
        p.place(t.index_of("u000000").unwrap(), 0);
        for person in 1..=10 {
            p.place(t.index_of("u019999").unwrap(), person);
        }
        let s = suppress(&t, &p, Privacy::default());
        // The root's one person may not be "root minus the rest": everything below it goes.
        assert!(!s.hidden[t.root()]);
        assert_eq!(s.hidden.iter().filter(|h| **h).count(), n - 1);
    }

    #[test]
    fn ties_break_by_id() {
        let t = flat(&["a", "b", "c"]);
        let s = suppress(&t, &pop(&t, &[0, 2, 9, 9]), Privacy::default());
        assert_eq!(s.hidden, vec![false, true, true, false]);
    }

    #[test]
    fn a_figure_with_its_own_population_starts_from_the_main_hiding() {
        // Leak 5: zero absence of org 6 eligible = a 5 + b 1; b is hidden on its own n, and
        // org - a would be b's one person: a goes too.
        let t = flat(&["a", "b"]);
        let s = suppress_within(&t, &pop(&t, &[0, 5, 1]), Privacy::default(), &[false; 3]);
        assert_eq!(s.hidden, vec![false, true, true]);
        // Hidden for the main population stays hidden whatever this population's size.
        let s = suppress_within(
            &t,
            &pop(&t, &[0, 9, 9]),
            Privacy::default(),
            &[false, false, true],
        );
        assert_eq!(s.hidden, vec![false, false, true]);
    }

    #[test]
    fn the_floor_holds_even_if_asked_lower() {
        let t = tree(&[("org", None)]);
        let s = suppress(&t, &pop(&t, &[2]), Privacy { min_group_size: 1 });
        assert_eq!(s.hidden, vec![true]);
    }
}
