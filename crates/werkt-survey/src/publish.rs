//! Survey figures over time: which figures each unit shows in each month (domain.md section 0,
//! minimum group size, "over time").
//!
//! A survey window moves one month at a time, and recomputing it each month would let two
//! consecutive reports differ by one late respondent (11 x mean(Aug) - 10 x mean(Jul) is that
//! respondent's score). So a unit's survey figures are *published*: recomputed only when at
//! least `min_group_size` people's counted responses entered or left the unit's window since it
//! was last published for that unit; until then the last published figures are shown, with
//! their date. All figures of a unit (means, SD, alphas, bands, capability scores) follow the
//! same publication.
//!
//! The publication is simulated month by month from the first month whose window holds a
//! response, so it depends on the data only, never on which reports were run before. Months in
//! which no response enters or leaves any window change nothing and are skipped.
//!
//! Within a month the minimum-group-size rule holds for what is *shown*: a unit and its highest
//! shown descendants may show figures of different months, and the people on which they then
//! differ (direct respondents, hidden parts, and those who changed in a descendant that kept its
//! older figure) must number 0 or at least the minimum, or the smallest of those descendants is
//! hidden too. With every unit recomputed this is exactly `werkt_model::suppress`.

use std::collections::BTreeMap;
use std::rc::Rc;

use werkt_model::{
    Period, Population, Privacy, SurveyResponse, UnitIx, UnitTree, suppress, suppress_within,
};

use crate::{Respondents, latest_in_window_where};

/// What one response row is to an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    /// It answers none of the instrument's items: never a respondent's counted response.
    Ignored,
    /// It can be a respondent's latest response, but lacks the main score (engagement: the
    /// total; absorptive capacity: one of the four dimensions): the respondent is not counted.
    Uncounted,
    /// It counts for the unit figures. Bit k: it also belongs to the population of the k-th
    /// figure with its own population (an alpha: every item of the scale answered; a
    /// capability: that score).
    Counted(u64),
}

/// The survey of one request, as [`publish`] needs it.
pub struct SurveyInput<'a> {
    pub tree: &'a UnitTree,
    pub responses: &'a [SurveyResponse],
    /// Unit of every response row ([`crate::response_units`]).
    pub units: &'a [UnitIx],
    /// Respondent numbers of the response rows (the people of the populations).
    pub respondents: &'a Respondents,
    /// What every response row is to the analysis.
    pub roles: &'a [RowRole],
    /// Number of figures with their own population (the bits of [`RowRole::Counted`]); at
    /// most 64.
    pub own_populations: usize,
    pub window_months: u32,
    pub privacy: Privacy,
}

/// A unit's figures as published in one month.
#[derive(Debug)]
pub struct Publication<T> {
    /// The month whose window the figures were computed on.
    pub period: Period,
    /// Respondents of the main population then (the figures' n).
    pub n: u64,
    /// The unit's rolled-up sums then.
    pub figures: T,
    /// Bit k: the k-th figure with its own population was shown then.
    own_shown: u64,
    /// The counted response rows (main population) of the unit's subtree then.
    rows: Vec<u32>,
}

/// A unit's figures as shown in one month.
#[derive(Debug)]
pub struct Shown<T> {
    publication: Rc<Publication<T>>,
    own_shown: u64,
}

impl<T> Clone for Shown<T> {
    fn clone(&self) -> Self {
        Shown {
            publication: Rc::clone(&self.publication),
            own_shown: self.own_shown,
        }
    }
}

impl<T> Shown<T> {
    pub fn figures(&self) -> &T {
        &self.publication.figures
    }

    /// The n of the publication: respondents of the main population.
    pub fn n(&self) -> u64 {
        self.publication.n
    }

    /// The month whose window the figures were computed on.
    pub fn period(&self) -> Period {
        self.publication.period
    }

    /// That month when it is earlier than `report`, the month the figures are shown in.
    pub fn as_of(&self, report: Period) -> Option<Period> {
        (self.publication.period < report).then_some(self.publication.period)
    }

    /// Whether the `k`-th figure with its own population is shown.
    pub fn own_shown(&self, k: usize) -> bool {
        k < 64 && self.own_shown >> k & 1 == 1
    }

    /// Whether two shown figures are one publication (nothing was recomputed between them).
    pub fn same_publication(&self, other: &Shown<T>) -> bool {
        Rc::ptr_eq(&self.publication, &other.publication)
    }
}

/// What every unit shows in one month.
#[derive(Debug, Clone)]
pub struct MonthFigures<T> {
    /// Indexed by `UnitIx`; `None` when the unit's figures are hidden.
    pub units: Vec<Option<Shown<T>>>,
    /// The root's sums over this month's own window, unpublished: only for counts about the
    /// data (respondents without a score), never a figure to show.
    pub window_root: T,
    /// Same-day duplicates in this month's selection ([`crate::Selection`]).
    pub same_day_duplicates: usize,
}

/// The figures shown in the months [`publish`] was asked for.
#[derive(Debug)]
pub struct Published<T> {
    months: BTreeMap<Period, MonthFigures<T>>,
}

impl<T> Published<T> {
    /// The figures shown in `month`, one of the months asked for.
    pub fn month(&self, month: Period) -> Option<&MonthFigures<T>> {
        self.months.get(&month)
    }

    /// The figures of `unit` shown in `month` (`None`: hidden, or a month not asked for).
    pub fn shown(&self, month: Period, unit: UnitIx) -> Option<&Shown<T>> {
        self.months.get(&month)?.units.get(unit)?.as_ref()
    }
}

/// Publishes the survey figures of every unit month by month (module documentation) and
/// returns what each unit shows in each of `months`.
///
/// `add(acc, row)` adds response row `row` to a unit's sums; it is called for every selected
/// row (counted or not, so the sums can count respondents without a score). `merge` adds one
/// unit's sums into another's (the roll-up).
pub fn publish<T: Clone>(
    input: &SurveyInput,
    months: &[Period],
    empty: T,
    mut add: impl FnMut(&mut T, usize),
    mut merge: impl FnMut(&mut T, &T),
) -> Published<T> {
    let tree = input.tree;
    let nu = tree.len();
    let own = input.own_populations.min(64);
    let privacy = input.privacy;
    let mut wanted: Vec<Period> = months.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = BTreeMap::new();
    let Some(&last_wanted) = wanted.last() else {
        return Published { months: out };
    };

    // Months in which a response enters (its month) or leaves (window_months later) the
    // window; only these change anything.
    // (Configurations allow 1..120 months; the clamp only keeps the arithmetic in range.)
    let window = input.window_months.clamp(1, 12_000) as i32;
    let mut events: Vec<Period> = Vec::new();
    for (i, r) in input.responses.iter().enumerate() {
        if input.roles.get(i).is_none_or(|&x| x == RowRole::Ignored) {
            continue;
        }
        let p = Period::of(r.date);
        events.extend(
            [p, p.add_months(window)]
                .into_iter()
                .filter(|&m| m <= last_wanted),
        );
    }
    events.sort_unstable();
    events.dedup();

    // Preorder positions: a unit's subtree is one run of positions.
    let mut pos = vec![0usize; nu];
    for (i, &u) in tree.preorder().iter().enumerate() {
        pos[u] = i;
    }
    let mut size = vec![1usize; nu];
    for &u in tree.preorder().iter().rev() {
        if let Some(p) = tree.parent(u) {
            size[p] += size[u];
        }
    }
    let person: Vec<u32> = (0..input.responses.len())
        .map(|i| input.respondents.of_row(i).unwrap_or(0))
        .collect();
    let masks: Vec<u64> = (0..input.responses.len())
        .map(|i| match input.roles.get(i) {
            Some(RowRole::Counted(m)) => *m,
            _ => 0,
        })
        .collect();
    let people = person
        .iter()
        .max()
        .map_or(0, |&p| p as usize + 1)
        .max(input.respondents.count());
    let mut scratch = Scratch::new(input.responses.len(), people);

    let mut last: Vec<Option<Rc<Publication<T>>>> = vec![None; nu];
    let mut display: Vec<Option<Shown<T>>> = vec![None; nu];
    let mut window_root = empty.clone();
    let mut duplicates = 0;
    let mut wi = 0;
    let snapshot = |display: &Vec<Option<Shown<T>>>, root: &T, duplicates| MonthFigures {
        units: display.clone(),
        window_root: root.clone(),
        same_day_duplicates: duplicates,
    };

    for &month in &events {
        while wi < wanted.len() && wanted[wi] < month {
            out.insert(wanted[wi], snapshot(&display, &window_root, duplicates));
            wi += 1;
        }
        let sel = latest_in_window_where(
            input.responses,
            input.respondents,
            month,
            input.window_months,
            |i| input.roles.get(i).is_some_and(|&x| x != RowRole::Ignored),
        );
        duplicates = sel.same_day_duplicates;

        // The window's sums and populations.
        let mut direct = vec![empty.clone(); nu];
        let mut main_pop = Population::new(nu);
        let mut own_pops: Vec<Population> = (0..own).map(|_| Population::new(nu)).collect();
        let mut counted: Vec<u32> = Vec::new();
        for &i in &sel.indices {
            let Some(&u) = input.units.get(i) else {
                continue;
            };
            add(&mut direct[u], i);
            if let Some(RowRole::Counted(mask)) = input.roles.get(i) {
                let p = person[i];
                main_pop.place(u, p);
                for (k, pop) in own_pops.iter_mut().enumerate() {
                    if mask >> k & 1 == 1 {
                        pop.place(u, p);
                    }
                }
                counted.push(i as u32);
            }
        }
        let rolled = tree.roll_up(&direct, &mut merge);
        window_root = rolled[tree.root()].clone();

        // Counted rows ordered by their unit's preorder position: every subtree's rows are
        // one slice.
        let mut start = vec![0usize; nu + 1];
        for &r in &counted {
            start[pos[input.units[r as usize]] + 1] += 1;
        }
        for i in 0..nu {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut by_pos = vec![0u32; counted.len()];
        for &r in &counted {
            let p = pos[input.units[r as usize]];
            by_pos[fill[p]] = r;
            fill[p] += 1;
        }
        let current = |u: UnitIx| &by_pos[start[pos[u]]..start[pos[u] + size[u]]];

        // Hidden this month, else recomputed or kept as last published.
        let main = suppress(tree, &main_pop, privacy);
        let mut hidden = main.hidden.clone();
        let mut fresh = vec![false; nu];
        for u in 0..nu {
            if hidden[u] {
                continue;
            }
            fresh[u] = match &last[u] {
                None => true,
                Some(p) => {
                    scratch.people_differing(&p.rows, &[current(u)], |_| true, &person, privacy)
                        >= privacy.min()
                }
            };
        }
        let sets: Vec<&[u32]> = (0..nu)
            .map(|u| {
                if fresh[u] {
                    current(u)
                } else {
                    last[u].as_deref().map_or(&[][..], |p| &p.rows[..])
                }
            })
            .collect();
        check_shown(
            tree,
            &mut hidden,
            &main.counts,
            &fresh,
            &sets,
            |_| true,
            &person,
            privacy,
            &mut scratch,
        );
        // Each figure with its own population: from the units hidden for the main one (and
        // those whose kept publication hid it), the same rule on its own people.
        let mut own_shown = vec![0u64; nu];
        for (k, pop) in own_pops.iter().enumerate() {
            let mut from = hidden.clone();
            for u in 0..nu {
                if !hidden[u]
                    && !fresh[u]
                    && last[u].as_ref().is_some_and(|p| p.own_shown >> k & 1 == 0)
                {
                    from[u] = true;
                }
            }
            let s = suppress_within(tree, pop, privacy, &from);
            let mut hidden_k = s.hidden;
            check_shown(
                tree,
                &mut hidden_k,
                &s.counts,
                &fresh,
                &sets,
                |r| masks[r as usize] >> k & 1 == 1,
                &person,
                privacy,
                &mut scratch,
            );
            for u in 0..nu {
                if !hidden_k[u] {
                    own_shown[u] |= 1 << k;
                }
            }
        }

        // Record the new publications and what is shown.
        let mut republished: Vec<(UnitIx, Rc<Publication<T>>)> = Vec::new();
        for u in 0..nu {
            display[u] = if hidden[u] {
                None
            } else if fresh[u] {
                let p = Rc::new(Publication {
                    period: month,
                    n: main.counts[u],
                    figures: rolled[u].clone(),
                    own_shown: own_shown[u],
                    rows: current(u).to_vec(),
                });
                republished.push((u, Rc::clone(&p)));
                Some(Shown {
                    publication: p,
                    own_shown: own_shown[u],
                })
            } else {
                last[u].as_ref().map(|p| Shown {
                    publication: Rc::clone(p),
                    own_shown: p.own_shown & own_shown[u],
                })
            };
        }
        drop(sets);
        for (u, p) in republished {
            last[u] = Some(p);
        }
    }
    while wi < wanted.len() {
        out.insert(wanted[wi], snapshot(&display, &window_root, duplicates));
        wi += 1;
    }
    Published { months: out }
}

/// The minimum-group-size rule over what is shown (module documentation): for every shown
/// unit U in preorder, the people on whom U's shown rows and those of its highest shown
/// descendants differ must number 0 or at least the minimum; while they don't, the smallest
/// of those descendants (by `counts`, ties by unit id) is hidden too.
///
/// `sets[u]` are the rows unit u shows (its current rows when `fresh[u]`, else those of its
/// kept publication); `keep` selects the rows of the population at hand. A unit recomputed
/// this month whose highest shown descendants are all recomputed too is skipped: its shown
/// rows are its current ones, so this is the rule `suppress` already applied (and hiding more
/// units only adds groups of at least the minimum to its residual).
#[allow(clippy::too_many_arguments)]
fn check_shown(
    tree: &UnitTree,
    hidden: &mut [bool],
    counts: &[u64],
    fresh: &[bool],
    sets: &[&[u32]],
    keep: impl Fn(u32) -> bool + Copy,
    person: &[u32],
    privacy: Privacy,
    scratch: &mut Scratch,
) {
    let mut frontier: Vec<UnitIx> = Vec::new();
    let mut stack: Vec<UnitIx> = Vec::new();
    for &u in tree.preorder() {
        while !hidden[u] {
            frontier.clear();
            stack.clear();
            stack.extend_from_slice(tree.children(u));
            while let Some(c) = stack.pop() {
                if hidden[c] {
                    stack.extend_from_slice(tree.children(c));
                } else {
                    frontier.push(c);
                }
            }
            if fresh[u] && frontier.iter().all(|&f| fresh[f]) {
                break;
            }
            let below: Vec<&[u32]> = frontier.iter().map(|&f| sets[f]).collect();
            let differ = scratch.people_differing(sets[u], &below, keep, person, privacy);
            if differ == 0 || privacy.allows(differ) {
                break;
            }
            let smallest = frontier.iter().copied().min_by(|&a, &b| {
                counts[a]
                    .cmp(&counts[b])
                    .then_with(|| tree.id(a).cmp(tree.id(b)))
            });
            match smallest {
                Some(s) => hidden[s] = true,
                // Nothing below to hide: the unit's own rows are the few people.
                None => hidden[u] = true,
            }
        }
    }
}

/// Marks for counting distinct people without allocating per comparison.
struct Scratch {
    row: Vec<u32>,
    person: Vec<u32>,
    token: u32,
}

impl Scratch {
    fn new(rows: usize, people: usize) -> Scratch {
        Scratch {
            row: vec![0; rows],
            person: vec![0; people],
            token: 0,
        }
    }

    /// Three fresh marks (clearing the marks first in the unlikely case the counter would
    /// wrap, so an old mark never passes for a new one).
    fn marks(&mut self) -> (u32, u32, u32) {
        if self.token > u32::MAX - 3 {
            self.row.fill(0);
            self.person.fill(0);
            self.token = 0;
        }
        let t = self.token;
        self.token += 3;
        (t + 1, t + 2, t + 3)
    }

    /// Distinct people with a row (of those `keep` accepts) on one side only: in `a` and none
    /// of `b`, or in one of `b` and not in `a`. A person whose response was replaced by a later
    /// one counts once. Counting stops at the minimum group size (only "at least" matters).
    fn people_differing(
        &mut self,
        a: &[u32],
        b: &[&[u32]],
        keep: impl Fn(u32) -> bool,
        person: &[u32],
        privacy: Privacy,
    ) -> u64 {
        let cap = privacy.min();
        let (in_b, counted, in_a) = self.marks();
        for s in b {
            for &r in *s {
                if keep(r) {
                    self.row[r as usize] = in_b;
                }
            }
        }
        let mut n = 0u64;
        for &r in a {
            if keep(r) && self.row[r as usize] != in_b {
                let p = person[r as usize] as usize;
                if self.person[p] != counted {
                    self.person[p] = counted;
                    n += 1;
                    if n >= cap {
                        return n;
                    }
                }
            }
        }
        for &r in a {
            if keep(r) {
                self.row[r as usize] = in_a;
            }
        }
        for s in b {
            for &r in *s {
                if keep(r) && self.row[r as usize] != in_a {
                    let p = person[r as usize] as usize;
                    if self.person[p] != counted {
                        self.person[p] = counted;
                        n += 1;
                        if n >= cap {
                            return n;
                        }
                    }
                }
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use werkt_model::{Date, Unit};

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

    fn month(s: &str) -> Period {
        s.parse().unwrap()
    }

    /// Responses of one answer each; `(respondent, unit, date, answer, own population bits)`.
    struct Data {
        tree: UnitTree,
        responses: Vec<SurveyResponse>,
        roles: Vec<RowRole>,
    }

    impl Data {
        fn new(tree: UnitTree) -> Data {
            Data {
                tree,
                responses: Vec::new(),
                roles: Vec::new(),
            }
        }

        fn add(&mut self, who: &str, unit: &str, date: &str, answer: i32, own: u64) {
            self.responses.push(SurveyResponse {
                respondent: who.into(),
                unit: unit.into(),
                date: date.parse::<Date>().unwrap(),
                answers: vec![Some(answer)],
            });
            self.roles.push(RowRole::Counted(own));
        }

        /// `n` new respondents named `prefix0..` in `unit`, answering `answer`.
        fn group(&mut self, prefix: &str, n: usize, unit: &str, date: &str, answer: i32) {
            for i in 0..n {
                self.add(&format!("{prefix}{i}"), unit, date, answer, 1);
            }
        }

        /// Sums (respondents, sum of answers) per unit shown in each of `months`.
        fn publish(&self, months: &[&str]) -> Published<(u64, i64)> {
            let units = crate::response_units(&self.tree, &self.responses).unwrap();
            let respondents = Respondents::new(&self.responses);
            let input = SurveyInput {
                tree: &self.tree,
                responses: &self.responses,
                units: &units,
                respondents: &respondents,
                roles: &self.roles,
                own_populations: 1,
                window_months: 12,
                privacy: Privacy::default(),
            };
            let months: Vec<Period> = months.iter().map(|m| month(m)).collect();
            publish(
                &input,
                &months,
                (0u64, 0i64),
                |acc, row| {
                    acc.0 += 1;
                    acc.1 += i64::from(self.responses[row].answers[0].unwrap_or(0));
                },
                |a, b| {
                    a.0 += b.0;
                    a.1 += b.1;
                },
            )
        }
    }

    fn figures(p: &Published<(u64, i64)>, m: &str, u: UnitIx) -> Option<(u64, i64, Period)> {
        p.shown(month(m), u)
            .map(|s| (s.figures().0, s.figures().1, s.period()))
    }

    #[test]
    fn a_late_respondent_does_not_change_the_figure_but_enough_people_do() {
        let t = tree(&[("org", None)]);
        let mut d = Data::new(t);
        d.group("jul", 10, "org", "2026-07-10", 3);
        d.add("late", "org", "2026-08-03", 6, 1);
        let p = d.publish(&["2026-06", "2026-07", "2026-08", "2026-09"]);
        assert_eq!(figures(&p, "2026-06", 0), None);
        assert_eq!(figures(&p, "2026-07", 0), Some((10, 30, month("2026-07"))));
        // One person entered: August shows July's figures, dated July.
        assert_eq!(figures(&p, "2026-08", 0), Some((10, 30, month("2026-07"))));
        let aug = p.shown(month("2026-08"), 0).unwrap();
        assert_eq!(aug.as_of(month("2026-08")), Some(month("2026-07")));
        assert_eq!(aug.n(), 10);
        assert!(aug.same_publication(p.shown(month("2026-07"), 0).unwrap()));
        // Four more in September make five since July: recomputed.
        d.group("sep", 4, "org", "2026-09-01", 1);
        let p = d.publish(&["2026-08", "2026-09"]);
        assert_eq!(figures(&p, "2026-08", 0), Some((10, 30, month("2026-07"))));
        assert_eq!(figures(&p, "2026-09", 0), Some((15, 40, month("2026-09"))));
        assert_eq!(
            p.shown(month("2026-09"), 0)
                .unwrap()
                .as_of(month("2026-09")),
            None
        );
    }

    #[test]
    fn a_replaced_response_is_one_person() {
        // Three people answering again replace three rows with three others: six responses
        // entered or left, but the figures would differ by three people.
        let t = tree(&[("org", None)]);
        let mut d = Data::new(t);
        d.group("r", 10, "org", "2026-07-10", 3);
        for i in 0..3 {
            d.add(&format!("r{i}"), "org", "2026-08-10", 6, 1);
        }
        let p = d.publish(&["2026-08"]);
        assert_eq!(figures(&p, "2026-08", 0), Some((10, 30, month("2026-07"))));
        // Two more answering again make five people: recomputed.
        for i in 3..5 {
            d.add(&format!("r{i}"), "org", "2026-09-10", 6, 1);
        }
        let p = d.publish(&["2026-09"]);
        assert_eq!(figures(&p, "2026-09", 0), Some((10, 45, month("2026-09"))));
    }

    #[test]
    fn a_parent_recomputed_over_a_kept_child_must_not_give_the_child_s_late_respondent() {
        // org = a 10 + b 10 in July. August: one new in a (kept), five new in b (recomputed),
        // so org (six people changed) is recomputed. org(Aug) - b(Aug) - a(Jul) would be the
        // late respondent: a is hidden in August instead (the smallest of a 11, b 15).
        let t = tree(&[("org", None), ("a", Some("org")), ("b", Some("org"))]);
        let mut d = Data::new(t);
        d.group("a", 10, "a", "2026-07-01", 2);
        d.group("b", 10, "b", "2026-07-01", 4);
        d.add("late", "a", "2026-08-01", 6, 1);
        d.group("bnew", 5, "b", "2026-08-01", 5);
        let p = d.publish(&["2026-07", "2026-08"]);
        assert_eq!(figures(&p, "2026-07", 1), Some((10, 20, month("2026-07"))));
        assert_eq!(figures(&p, "2026-08", 0), Some((26, 91, month("2026-08"))));
        assert_eq!(figures(&p, "2026-08", 2), Some((15, 65, month("2026-08"))));
        assert_eq!(figures(&p, "2026-08", 1), None);
    }

    #[test]
    fn a_kept_parent_over_a_recomputed_child_differs_by_the_child_s_change() {
        // org kept, b recomputed: org(Jul) - a(Jul) - b(Aug) is b's five new people: allowed.
        let t = tree(&[("org", None), ("a", Some("org")), ("b", Some("org"))]);
        let mut d = Data::new(t);
        d.group("a", 10, "a", "2026-07-01", 2);
        d.group("b", 10, "b", "2026-07-01", 4);
        d.group("bnew", 5, "b", "2026-08-01", 5);
        let p = d.publish(&["2026-08"]);
        // org: five changed, recomputed; a unchanged (its July figures are its current ones).
        assert_eq!(figures(&p, "2026-08", 0), Some((25, 85, month("2026-08"))));
        assert_eq!(figures(&p, "2026-08", 1), Some((10, 20, month("2026-07"))));
        assert_eq!(figures(&p, "2026-08", 2), Some((15, 65, month("2026-08"))));
    }

    #[test]
    fn a_hidden_month_is_hidden_and_the_next_compares_with_the_last_shown() {
        let t = tree(&[("org", None)]);
        let mut d = Data::new(t);
        // Six answer in 2025-08; their rows leave the window in 2026-08. Four of them answer
        // again in 2026-07, so 2026-08 holds four: hidden. In 2026-09 a fifth answers again:
        // the window holds r0..r4's new rows, which differ from the last shown publication
        // (2025-08, r0..r5's old rows) by six people, so the figures are recomputed.
        d.group("r", 6, "org", "2025-08-01", 1);
        for i in 0..4 {
            d.add(&format!("r{i}"), "org", "2026-07-01", 5, 1);
        }
        let p = d.publish(&["2026-07", "2026-08"]);
        // 2026-07: four re-answered, fewer than five people: July shows 2025-08's figures.
        assert_eq!(figures(&p, "2026-07", 0), Some((6, 6, month("2025-08"))));
        assert_eq!(figures(&p, "2026-08", 0), None);
        d.add("r4", "org", "2026-09-01", 5, 1);
        let p = d.publish(&["2026-09"]);
        assert_eq!(figures(&p, "2026-09", 0), Some((5, 25, month("2026-09"))));
    }

    #[test]
    fn the_figures_do_not_depend_on_the_months_asked_for() {
        let t = tree(&[("org", None), ("a", Some("org")), ("b", Some("org"))]);
        let mut d = Data::new(t);
        for (m, n) in [
            ("2025-11", 6),
            ("2026-01", 2),
            ("2026-02", 4),
            ("2026-04", 3),
        ] {
            d.group(&format!("a{m}-"), n, "a", &format!("{m}-15"), 2);
            d.group(&format!("b{m}-"), n + 1, "b", &format!("{m}-15"), 5);
        }
        let all = d.publish(&["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]);
        let one = d.publish(&["2026-04"]);
        for u in 0..3 {
            assert_eq!(figures(&all, "2026-04", u), figures(&one, "2026-04", u));
        }
    }

    #[test]
    fn a_figure_with_its_own_population_is_hidden_on_its_own_people() {
        // org = a 6 + b 6; bit 0 (say, answered every item): all of a, one of b. b's own
        // figure is about one person; org's minus a's would be too, so a's goes as well.
        let t = tree(&[("org", None), ("a", Some("org")), ("b", Some("org"))]);
        let mut d = Data::new(t);
        d.group("a", 6, "a", "2026-03-01", 2);
        d.add("b0", "b", "2026-03-01", 2, 1);
        for i in 1..6 {
            d.add(&format!("b{i}"), "b", "2026-03-01", 2, 0);
        }
        let p = d.publish(&["2026-03"]);
        let own = |u| p.shown(month("2026-03"), u).map(|s| s.own_shown(0));
        assert_eq!(
            [own(0), own(1), own(2)],
            [Some(true), Some(false), Some(false)]
        );
    }
}
