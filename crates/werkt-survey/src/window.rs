use std::cmp::Ordering;
use std::collections::HashMap;

use werkt_model::{Date, Period, SurveyResponse};

/// The responses that count for one period (domain.md section 1, "Which answers count").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Indices into the response slice, ascending: one per respondent.
    pub indices: Vec<usize>,
    /// Respondents with several responses on their latest date. The one kept is chosen by
    /// content (unit id, then answers), never by row order, so the figures stay independent
    /// of the input's order; the plugins report the count as a warning.
    pub same_day_duplicates: usize,
}

/// Numbers the respondents once, so that selecting the responses of many periods (the trend)
/// does not hash respondent ids again for each period.
#[derive(Debug, Clone)]
pub struct Respondents {
    /// Respondent number of each response row.
    of_row: Vec<u32>,
    count: usize,
}

impl Respondents {
    /// The respondent number of response row `row` (`0..count()`).
    pub fn of_row(&self, row: usize) -> Option<u32> {
        self.of_row.get(row).copied()
    }

    /// Number of distinct respondents.
    pub fn count(&self) -> usize {
        self.count
    }

    pub fn new(responses: &[SurveyResponse]) -> Respondents {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let of_row = responses
            .iter()
            .map(|r| {
                let next = ids.len() as u32;
                *ids.entry(r.respondent.as_str()).or_insert(next)
            })
            .collect();
        Respondents {
            of_row,
            count: ids.len(),
        }
    }
}

/// Responses dated within the window of `window_months` months ending with `period`
/// (inclusive on both ends) and, per respondent, only the latest of them.
///
/// One pass with a hash map: linear in the number of responses. For several periods over the
/// same responses, number the respondents once and use [`latest_in_window_of`].
pub fn latest_in_window(
    responses: &[SurveyResponse],
    period: Period,
    window_months: u32,
) -> Selection {
    latest_in_window_of(
        responses,
        &Respondents::new(responses),
        period,
        window_months,
    )
}

/// [`latest_in_window`] with the respondents already numbered (`respondents` must come from
/// the same `responses`).
pub fn latest_in_window_of(
    responses: &[SurveyResponse],
    respondents: &Respondents,
    period: Period,
    window_months: u32,
) -> Selection {
    latest_in_window_where(responses, respondents, period, window_months, |_| true)
}

/// [`latest_in_window_of`] over the rows `answers(row)` accepts only: per respondent the latest
/// response in the window *that answers the instrument's items* (domain.md section 0), so that
/// a later response to another instrument in the same survey table does not displace it.
pub fn latest_in_window_where(
    responses: &[SurveyResponse],
    respondents: &Respondents,
    period: Period,
    window_months: u32,
    answers: impl Fn(usize) -> bool,
) -> Selection {
    let first = period.window_start(window_months);
    let last = period.last_day();
    let mut best: Vec<Option<usize>> = vec![None; respondents.count];
    // Per respondent: the date on which a same-day tie was seen.
    let mut tie_on: Vec<Option<Date>> = vec![None; respondents.count];
    for (i, r) in responses.iter().enumerate() {
        if r.date < first || r.date > last || !answers(i) {
            continue;
        }
        let Some(&who) = respondents.of_row.get(i) else {
            continue;
        };
        let who = who as usize;
        match best[who] {
            None => best[who] = Some(i),
            Some(b) => {
                let cur = &responses[b];
                match r.date.cmp(&cur.date) {
                    Ordering::Greater => best[who] = Some(i),
                    Ordering::Less => {}
                    Ordering::Equal => {
                        tie_on[who] = Some(r.date);
                        if tie_break(r, cur) == Ordering::Greater {
                            best[who] = Some(i);
                        }
                    }
                }
            }
        }
    }
    // A same-day tie only matters when it is on the respondent's latest date.
    let same_day_duplicates = best
        .iter()
        .zip(&tie_on)
        .filter(|(b, t)| matches!((b, t), (Some(b), Some(t)) if responses[*b].date == *t))
        .count();
    let mut indices: Vec<usize> = best.into_iter().flatten().collect();
    indices.sort_unstable();
    Selection {
        indices,
        same_day_duplicates,
    }
}

/// Orders two responses of one respondent on one day by content only.
fn tie_break(a: &SurveyResponse, b: &SurveyResponse) -> Ordering {
    a.unit.cmp(&b.unit).then_with(|| a.answers.cmp(&b.answers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(who: &str, unit: &str, date: &str, a: i32) -> SurveyResponse {
        SurveyResponse {
            respondent: who.into(),
            unit: unit.into(),
            date: date.parse::<Date>().unwrap(),
            answers: vec![Some(a)],
        }
    }

    #[test]
    fn keeps_the_latest_response_inside_the_window() {
        let p: Period = "2026-03".parse().unwrap();
        // Window of 12 months ending with 2026-03: 2025-04-01 ..= 2026-03-31.
        let rs = vec![
            resp("a", "u", "2025-03-31", 1), // before the window
            resp("a", "u", "2025-04-01", 2), // first day: counts
            resp("b", "u", "2026-03-31", 3), // last day: counts
            resp("b", "u", "2026-04-01", 4), // after the window, though later
            resp("c", "u", "2025-06-01", 5),
            resp("c", "v", "2026-01-15", 6), // c's latest, in another unit
            resp("c", "u", "2025-12-01", 0),
        ];
        let s = latest_in_window(&rs, p, 12);
        assert_eq!(s.indices, vec![1, 2, 5]);
        assert_eq!(s.same_day_duplicates, 0);
        // A 1-month window holds only March 2026.
        assert_eq!(latest_in_window(&rs, p, 1).indices, vec![2]);
    }

    #[test]
    fn only_responses_that_answer_the_instrument_can_be_the_latest() {
        let p: Period = "2026-03".parse().unwrap();
        // a's later row answers another instrument (here: answer 0 stands for "none of ours").
        let rs = [
            resp("a", "u", "2026-01-10", 4),
            resp("a", "u", "2026-02-10", 0),
            resp("b", "u", "2026-02-10", 0),
        ];
        let who = Respondents::new(&rs);
        let answers = |i: usize| rs[i].answers[0] != Some(0);
        let s = latest_in_window_where(&rs, &who, p, 12, answers);
        assert_eq!(s.indices, vec![0]);
        assert_eq!(latest_in_window_of(&rs, &who, p, 12).indices, vec![1, 2]);
    }

    #[test]
    fn same_day_ties_are_broken_by_content_not_order() {
        let p: Period = "2026-03".parse().unwrap();
        let a = resp("a", "u", "2026-03-02", 1);
        let b = resp("a", "u", "2026-03-02", 5);
        let s1 = latest_in_window(&[a.clone(), b.clone()], p, 12);
        let s2 = latest_in_window(&[b, a], p, 12);
        assert_eq!(s1.indices, vec![1]);
        assert_eq!(s2.indices, vec![0]);
        assert_eq!(s1.same_day_duplicates, 1);
        // An earlier same-day pair superseded by a later response is no tie.
        let rs = [
            resp("a", "u", "2026-01-02", 1),
            resp("a", "u", "2026-01-02", 2),
            resp("a", "u", "2026-02-02", 3),
        ];
        assert_eq!(latest_in_window(&rs, p, 12).same_day_duplicates, 0);
    }
}
