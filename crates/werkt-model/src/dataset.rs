use serde::{Deserialize, Serialize};

use crate::Date;

/// One organisation's data, as ingested and validated by `werkt-core`.
///
/// By the time a value of this type exists, every row has passed validation: ids are unique and
/// referenced ids exist, intervals have `start <= end`, one employee's employment rows do not
/// overlap, numbers are in range. Analyses may rely on that and need not re-check.
/// Tables a plugin did not ask for in its manifest are left empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub organisation: Organisation,
    #[serde(default)]
    pub units: Vec<Unit>,
    #[serde(default)]
    pub employees: Vec<Employment>,
    #[serde(default)]
    pub absence: Vec<Absence>,
    #[serde(default)]
    pub survey: Option<Survey>,
    #[serde(default)]
    pub interventions: Vec<Intervention>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    /// `[a-z0-9][a-z0-9_-]*`: it becomes a path component of the output.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub org_form: Option<OrgForm>,
    #[serde(default)]
    pub sector: Option<String>,
}

/// Organisational form after Van den Bosch, Volberda & De Boer (1999).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgForm {
    Functional,
    Divisional,
    Matrix,
}

impl OrgForm {
    pub const ALL: [OrgForm; 3] = [OrgForm::Functional, OrgForm::Divisional, OrgForm::Matrix];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgForm::Functional => "functional",
            OrgForm::Divisional => "divisional",
            OrgForm::Matrix => "matrix",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// `None` for the root, the whole organisation.
    #[serde(default)]
    pub parent: Option<String>,
    /// Overrides the organisation's form for this unit.
    #[serde(default)]
    pub org_form: Option<OrgForm>,
}

/// One employment interval. A transfer or a change of part-time factor starts a new row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Employment {
    pub employee: String,
    pub unit: String,
    /// Part-time factor, 0 < fte <= 1.5.
    pub fte: f64,
    pub start: Date,
    /// Last day employed, inclusive; `None` while still employed.
    #[serde(default)]
    pub end: Option<Date>,
    /// Cost of one full-time sick working day for this employee, overriding the configured one.
    #[serde(default)]
    pub daily_cost: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AbsenceReason {
    #[default]
    Sick,
    /// Pregnancy and maternity leave: never sick leave.
    Pregnancy,
}

/// One absence segment: a stretch of days at one incapacity percentage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Absence {
    pub employee: String,
    pub start: Date,
    /// Last day absent, inclusive; `None` while ongoing.
    #[serde(default)]
    pub end: Option<Date>,
    /// Incapacity, 1..=100.
    pub percentage: u8,
    #[serde(default)]
    pub reason: AbsenceReason,
}

/// Survey answers. `items` names the item columns (after the column mapping, e.g. `uwes_3`);
/// each response's `answers` is aligned with it, `None` where the item was not answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub items: Vec<String>,
    pub responses: Vec<SurveyResponse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResponse {
    pub respondent: String,
    pub unit: String,
    pub date: Date,
    pub answers: Vec<Option<i32>>,
}

impl Survey {
    /// Position of an item column, for looking answers up by name.
    pub fn item_index(&self, item: &str) -> Option<usize> {
        self.items.iter().position(|i| i == item)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intervention {
    pub id: String,
    pub unit: String,
    pub name: String,
    pub start: Date,
    /// One-off investment, EUR.
    pub investment: f64,
    /// Running cost per year, EUR.
    pub annual_cost: f64,
    /// `None`: the analysis' configured default horizon.
    #[serde(default)]
    pub horizon_years: Option<u32>,
    /// Estimated performance benefit per year, EUR; `None` counts as 0.
    #[serde(default)]
    pub performance_benefit_per_year: Option<f64>,
}
