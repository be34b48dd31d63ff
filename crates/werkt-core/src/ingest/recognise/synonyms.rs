//! The headers and values HR systems, survey tools and spreadsheets write for werkt's columns
//! and values, in Dutch and English. docs/recognised-headers.md lists them for users (a test
//! keeps the two the same).

/// An employee's number, in the employees and the absence export alike.
const EMPLOYEE_ID: &[&str] = &[
    "personeelsnummer",
    "medewerkernummer",
    "personeelsnr",
    "persnr",
    "medewerker id",
    "medewerker",
    "werknemersnummer",
    "employee",
    "employee number",
    "employee id",
    "staff number",
];

/// Headers by table and column, written normalised (see [`normalise`]); the column's own
/// name is always recognised too. Earlier synonyms win when a header row has several.
pub const HEADERS: &[(&str, &str, &[&str])] = &[
    (
        "units",
        "unit_id",
        &[
            "afdelingscode",
            "afdelingsnummer",
            "afdeling code",
            "kostenplaats",
            "kostenplaatscode",
            "kostenplaatsnummer",
            "organisatie eenheid",
            "organisatie eenheid code",
            "unit",
            "unit code",
            "department",
            "department code",
            "department id",
            "afdeling",
        ],
    ),
    (
        "units",
        "name",
        &[
            "omschrijving",
            "afdelingsnaam",
            "naam afdeling",
            "naam",
            "unit name",
            "department name",
            "description",
            "name",
        ],
    ),
    (
        "units",
        "parent_id",
        &[
            "bovenliggende afdeling",
            "bovenliggende afdelingscode",
            "bovenliggende eenheid",
            "hoofdafdeling",
            "valt onder",
            "parent",
            "parent unit",
            "parent code",
            "parent department",
        ],
    ),
    (
        "units",
        "org_form",
        &[
            "organisatievorm",
            "organisational form",
            "organizational form",
            "org form",
        ],
    ),
    ("employees", "employee_id", EMPLOYEE_ID),
    (
        "employees",
        "unit_id",
        &[
            "afdeling",
            "afdelingscode",
            "kostenplaats",
            "kostenplaatscode",
            "organisatie eenheid",
            "unit",
            "department",
        ],
    ),
    (
        "employees",
        "fte",
        &[
            "deeltijdfactor",
            "deeltijdpercentage",
            "fte",
            "parttimefactor",
            "parttime factor",
            "part time factor",
            "dienstverbandpercentage",
            "werktijdfactor",
        ],
    ),
    (
        "employees",
        "start_date",
        &[
            "datum in dienst",
            "in dienst",
            "indiensttreding",
            "datum indiensttreding",
            "begindatum dienstverband",
            "startdatum dienstverband",
            "startdatum",
            "begindatum",
            "start date",
            "hire date",
            "date of hire",
        ],
    ),
    (
        "employees",
        "end_date",
        &[
            "datum uit dienst",
            "uit dienst",
            "uitdiensttreding",
            "datum uitdiensttreding",
            "einddatum dienstverband",
            "einddatum",
            "end date",
            "termination date",
            "leaving date",
        ],
    ),
    (
        "employees",
        "daily_cost",
        &[
            "dagloon",
            "kosten per dag",
            "dagkosten",
            "loonkosten per dag",
            "daily cost",
            "cost per day",
            "daily wage",
        ],
    ),
    ("absence", "employee_id", EMPLOYEE_ID),
    (
        "absence",
        "start_date",
        &[
            "eerste ziektedag",
            "ziekmelddatum",
            "datum ziekmelding",
            "ziekmelding",
            "begindatum verzuim",
            "startdatum verzuim",
            "ziek vanaf",
            "first day of absence",
            "first sick day",
            "start date",
        ],
    ),
    (
        "absence",
        "end_date",
        &[
            "laatste ziektedag",
            "hersteldatum",
            "datum herstel",
            "herstelmelding",
            "datum hersteld",
            "hersteld per",
            "einddatum verzuim",
            "last day of absence",
            "last sick day",
            "return date",
            "end date",
        ],
    ),
    (
        "absence",
        "percentage",
        &[
            "percentage arbeidsongeschikt",
            "arbeidsongeschiktheidspercentage",
            "percentage arbeidsongeschiktheid",
            "ao percentage",
            "ao",
            "percentage ziek",
            "verzuimpercentage",
            "percentage",
            "incapacity",
            "incapacity percentage",
        ],
    ),
    (
        "absence",
        "reason",
        &[
            "verzuimsoort",
            "soort verzuim",
            "verzuimreden",
            "reden",
            "verzuimtype",
            "reason",
            "absence type",
            "type",
        ],
    ),
    (
        "survey",
        "respondent_id",
        &[
            "respondent",
            "respondentnummer",
            "respondent id",
            "respondentid",
            "deelnemer",
            "deelnemer id",
            "response id",
            "id",
        ],
    ),
    (
        "survey",
        "unit_id",
        &[
            "afdeling",
            "afdelingscode",
            "team",
            "kostenplaats",
            "unit",
            "department",
        ],
    ),
    (
        "survey",
        "date",
        &[
            "datum",
            "invuldatum",
            "ingevuld op",
            "datum ingevuld",
            "afnamedatum",
            "date",
            "response date",
            "completed",
            "submitted",
        ],
    ),
    (
        "interventions",
        "intervention_id",
        &[
            "interventie",
            "interventiecode",
            "interventie id",
            "interventienummer",
            "code",
            "intervention",
            "intervention id",
            "id",
        ],
    ),
    (
        "interventions",
        "unit_id",
        &[
            "afdeling",
            "afdelingscode",
            "kostenplaats",
            "unit",
            "department",
        ],
    ),
    (
        "interventions",
        "name",
        &[
            "omschrijving",
            "naam",
            "naam interventie",
            "interventienaam",
            "description",
            "name",
        ],
    ),
    (
        "interventions",
        "start_date",
        &[
            "startdatum",
            "begindatum",
            "datum start",
            "start",
            "start date",
        ],
    ),
    (
        "interventions",
        "investment",
        &[
            "investering",
            "eenmalige investering",
            "eenmalige kosten",
            "investment",
        ],
    ),
    (
        "interventions",
        "annual_cost",
        &[
            "jaarlijkse kosten",
            "kosten per jaar",
            "lopende kosten per jaar",
            "annual cost",
            "yearly cost",
        ],
    ),
    (
        "interventions",
        "horizon_years",
        &[
            "horizon jaren",
            "horizon",
            "looptijd jaren",
            "looptijd",
            "horizon years",
        ],
    ),
    (
        "interventions",
        "performance_benefit_per_year",
        &[
            "opbrengst per jaar",
            "prestatiewinst per jaar",
            "baten per jaar",
            "jaarlijkse opbrengst",
            "performance benefit per year",
            "benefit per year",
        ],
    ),
];

/// Absence end-date headers that name the return date (the first day fit again), not the
/// last day of absence.
pub const RETURN_DATE_HEADERS: &[&str] = &[
    "hersteldatum",
    "datum herstel",
    "herstelmelding",
    "datum hersteld",
    "hersteld per",
    "return date",
];

/// Words for werkt's values, normalised, by column.
pub const VALUES: &[(&str, &str, &[&str])] = &[
    (
        "reason",
        "sick",
        &[
            "ziek",
            "ziekte",
            "ziekteverzuim",
            "ziekmelding",
            "verzuim",
            "kort verzuim",
            "lang verzuim",
            "ziekte regulier",
            "regulier",
            "sick",
            "sickness",
            "illness",
        ],
    ),
    (
        "reason",
        "pregnancy",
        &[
            "zwangerschap",
            "zwangerschapsverlof",
            "bevalling",
            "bevallingsverlof",
            "zwangerschaps en bevallingsverlof",
            "ziek door zwangerschap",
            "wazo",
            "pregnancy",
            "maternity",
            "pregnancy related",
        ],
    ),
    (
        "org_form",
        "functional",
        &["functioneel", "functionele", "functional"],
    ),
    (
        "org_form",
        "divisional",
        &["divisie", "divisioneel", "divisionele", "divisional"],
    ),
    ("org_form", "matrix", &["matrix", "matrixorganisatie"]),
];

/// Whether a header is Dutch: then the report is written in Dutch too.
pub fn is_dutch(header: &str) -> bool {
    const WORDS: [&str; 8] = [
        "afdeling",
        "personeel",
        "medewerker",
        "datum",
        "omschrijving",
        "verzuim",
        "ziek",
        "dienst",
    ];
    let h = normalise(header);
    WORDS.iter().any(|w| h.contains(w))
}

/// A header or value as compared: lower case, punctuation as spaces, spaces collapsed, so
/// "Horizon (jaren)", "horizon_jaren" and "HORIZON JAREN" are the same.
pub fn normalise(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '%' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How well `header` names our `column` of `table`: 0 for its own name, 1.. for synonyms in
/// order, `None` when it does not.
pub fn rank(table: &str, column: &str, header: &str) -> Option<usize> {
    let h = normalise(header);
    if h == normalise(column) {
        return Some(0);
    }
    HEADERS
        .iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .and_then(|(_, _, words)| words.iter().position(|w| *w == h))
        .map(|i| i + 1)
}

/// werkt's value for an export's word in `column`, when it is a known one.
pub fn value(column: &str, word: &str) -> Option<&'static str> {
    let w = normalise(word);
    VALUES
        .iter()
        .find(|(c, _, words)| *c == column && words.contains(&w.as_str()))
        .map(|(_, ours, _)| *ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_are_written_normalised() {
        for (t, c, words) in HEADERS {
            for w in *words {
                assert_eq!(normalise(w), *w, "{t}.{c}: {w}");
            }
        }
        for (c, _, words) in VALUES {
            for w in *words {
                assert_eq!(normalise(w), *w, "{c}: {w}");
            }
        }
    }

    #[test]
    fn headers_are_recognised_whatever_their_case_and_punctuation() {
        assert_eq!(
            rank("interventions", "horizon_years", "Horizon (jaren)"),
            Some(1)
        );
        assert_eq!(rank("employees", "employee_id", "employee_id"), Some(0));
        assert_eq!(rank("employees", "fte", "DEELTIJDFACTOR"), Some(1));
        assert_eq!(rank("absence", "end_date", "Hersteldatum"), Some(2));
        assert_eq!(rank("employees", "fte", "Naam"), None);
        assert_eq!(value("reason", " Ziek "), Some("sick"));
        assert_eq!(
            value("reason", "Zwangerschaps- en bevallingsverlof"),
            Some("pregnancy")
        );
        assert_eq!(value("reason", "vakantie"), None);
    }
}
