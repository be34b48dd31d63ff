//! Survey computations that every survey analysis of werkt shares (domain.md sections 0-2).
//!
//! The engagement (UWES) and absorptive-capacity plugins both score multi-item scales from the
//! same survey table under the same rules: the window of `window_months` months ending with the
//! period and only each respondent's latest response in it, subscale scores under the
//! two-thirds rule, Cronbach's alpha, unit figures rolled up over the unit tree, and the
//! minimum group size (`werkt_model::suppress` per population) with the over-time rule for
//! survey figures ([`publish`]). Each rule is implemented once, here.
//!
//! Pure computation: no IO, no clock. Aggregates are kept as exact integer sums, so a figure
//! does not depend on the order of respondents or units (a property the tests check), and the
//! passes are linear in the number of responses.

mod alpha;
mod bands;
mod columns;
mod config;
mod error;
mod publish;
mod rollup;
mod rows;
mod scoring;
mod sums;
mod text;
mod window;

pub use alpha::{AlphaSums, cronbach_alpha};
pub use bands::{Band, NormBands};
pub use columns::{check_answers, resolve_columns, response_units};
pub use config::ConfigReader;
pub use error::SurveyError;
pub use publish::{MonthFigures, Publication, Published, RowRole, Shown, SurveyInput, publish};
pub use rollup::{Rolled, direct_figures, roll_up_and_suppress};
pub use rows::{MetricRows, Visibility};
pub use scoring::{Scale, Score, two_thirds_answered};
pub use sums::ScoreSums;
pub use text::{as_of_note, as_of_tag, unit_name};
pub use window::{
    Respondents, Selection, latest_in_window, latest_in_window_of, latest_in_window_where,
};
