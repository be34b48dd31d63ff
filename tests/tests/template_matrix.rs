//! The report never fails as a whole because one block lacks data (issue 12): every shape of
//! data werkt meets (no survey, no interventions, no absence, one unit, everything below the
//! minimum group size, interventions that never pay back, all of these at once) is one
//! organisation of a tiny generated programme, run through the real binary for a first month
//! and the month after it (with that history), with and without burst reports, in English and
//! Dutch, and once after a backfill of a year. Every run must exit 0 and write every PDF.

use std::fs;
use std::path::{Path, PathBuf};

use werkt_e2e::*;

const FIRST: &str = "2026-09";
const SECOND: &str = "2026-10";

#[derive(Clone, Copy, PartialEq)]
enum Interventions {
    None,
    /// One intervention with a clear net benefit, so a payback time.
    PaysBack,
    /// One that costs more than it saves: no payback time.
    NeverPaysBack,
}

/// One organisation: units (id, parent, people placed in it) and which files it has.
struct Shape {
    id: &'static str,
    units: &'static [(&'static str, Option<&'static str>, usize)],
    survey: bool,
    absence: bool,
    interventions: Interventions,
}

/// Three teams of at least five under the organisation, one of them nested.
const TREE: &[(&str, Option<&str>, usize)] = &[
    ("org", None, 0),
    ("team-a", Some("org"), 8),
    ("team-b", Some("org"), 6),
    ("team-b1", Some("team-b"), 5),
];
const ONE_UNIT: &[(&str, Option<&str>, usize)] = &[("org", None, 9)];
/// Four people in all: below the minimum group size of 5 everywhere.
const TINY: &[(&str, Option<&str>, usize)] = &[
    ("org", None, 0),
    ("team-a", Some("org"), 2),
    ("team-b", Some("org"), 2),
];

const SHAPES: [Shape; 8] = [
    Shape {
        id: "complete",
        units: TREE,
        survey: true,
        absence: true,
        interventions: Interventions::PaysBack,
    },
    Shape {
        id: "no-survey",
        units: TREE,
        survey: false,
        absence: true,
        interventions: Interventions::PaysBack,
    },
    Shape {
        id: "no-interventions",
        units: TREE,
        survey: true,
        absence: true,
        interventions: Interventions::None,
    },
    Shape {
        id: "no-payback",
        units: TREE,
        survey: true,
        absence: true,
        interventions: Interventions::NeverPaysBack,
    },
    Shape {
        id: "no-absence",
        units: TREE,
        survey: true,
        absence: false,
        interventions: Interventions::PaysBack,
    },
    Shape {
        id: "single-unit",
        units: ONE_UNIT,
        survey: true,
        absence: true,
        interventions: Interventions::PaysBack,
    },
    Shape {
        id: "all-hidden",
        units: TINY,
        survey: true,
        absence: true,
        interventions: Interventions::PaysBack,
    },
    Shape {
        id: "bare",
        units: ONE_UNIT,
        survey: false,
        absence: false,
        interventions: Interventions::None,
    },
];

const ITEMS: [&str; 23] = [
    "uwes_1",
    "uwes_2",
    "uwes_3",
    "uwes_4",
    "uwes_5",
    "uwes_6",
    "uwes_7",
    "uwes_8",
    "uwes_9",
    "acap_acq_1",
    "acap_acq_2",
    "acap_acq_3",
    "acap_asm_1",
    "acap_asm_2",
    "acap_asm_3",
    "acap_asm_4",
    "acap_trf_1",
    "acap_trf_2",
    "acap_trf_3",
    "acap_trf_4",
    "acap_exp_1",
    "acap_exp_2",
    "acap_exp_3",
];

/// Writes the organisation `shape` into `data/<id>/`: everyone employed since 2023, long
/// spells in the baseline year and shorter ones since (so an intervention can save), survey
/// answers from August 2026.
fn write_org(data: &Path, shape: &Shape) {
    let dir = data.join(shape.id);
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("organisation.toml"),
        format!("id = \"{0}\"\nname = \"Shape {0}\"\n", shape.id),
    )
    .unwrap();
    let mut units = String::from("unit_id,name,parent_id\n");
    let mut employees = String::from("employee_id,unit_id,fte,start_date,end_date,daily_cost\n");
    let mut absence = String::from("employee_id,start_date,end_date,percentage,reason\n");
    let mut survey = format!("respondent_id,unit_id,date,{}\n", ITEMS.join(","));
    let mut p = 0;
    for (unit, parent, people) in shape.units {
        units.push_str(&format!(
            "{unit},Unit {unit},{}\n",
            parent.unwrap_or_default()
        ));
        for _ in 0..*people {
            p += 1;
            let id = format!("P{p:03}");
            employees.push_str(&format!("{id},{unit},1,2023-01-02,,\n"));
            if p % 2 == 0 {
                absence.push_str(&format!("{id},2025-03-03,2025-03-21,100,sick\n"));
                absence.push_str(&format!("{id},2026-06-08,2026-06-10,100,sick\n"));
            }
            if p % 3 == 0 {
                absence.push_str(&format!("{id},2026-09-14,2026-09-16,100,sick\n"));
                absence.push_str(&format!("{id},2026-10-05,2026-10-07,50,sick\n"));
            }
            let uwes = 2 + p % 4;
            let acap = 3 + p % 4;
            let answers: Vec<String> = ITEMS
                .iter()
                .map(|i| if i.starts_with("uwes") { uwes } else { acap }.to_string())
                .collect();
            survey.push_str(&format!("{id},{unit},2026-08-20,{}\n", answers.join(",")));
        }
    }
    fs::write(dir.join("units.csv"), units).unwrap();
    fs::write(dir.join("employees.csv"), employees).unwrap();
    if !shape.absence {
        absence.truncate(absence.find('\n').unwrap() + 1);
    }
    fs::write(dir.join("absence.csv"), absence).unwrap();
    if shape.survey {
        fs::write(dir.join("survey.csv"), survey).unwrap();
    }
    let unit = shape.units.last().unwrap().0;
    let intervention = match shape.interventions {
        Interventions::None => None,
        Interventions::PaysBack => Some("Rostering,2026-01-01,2000,200,3,4000"),
        Interventions::NeverPaysBack => Some("Coaching,2026-01-01,9000,5000,3,0"),
    };
    if let Some(iv) = intervention {
        fs::write(
            dir.join("interventions.csv"),
            format!(
                "intervention_id,unit_id,name,start_date,investment,annual_cost,horizon_years,performance_benefit_per_year\niv-1,{unit},{iv}\n"
            ),
        )
        .unwrap();
    }
}

/// One combination of settings, with its own output directory and history store.
struct Setup {
    dir: PathBuf,
    language: &'static str,
    burst: bool,
}

impl Setup {
    fn new(root: &Path, language: &'static str, burst: bool) -> Setup {
        let dir = root.join(format!("{language}-{burst}"));
        fs::create_dir_all(&dir).unwrap();
        write_config(
            &dir,
            &format!(
                "[report]\nlanguage = \"{language}\"\nburst = {burst}\n\
                 [privacy]\nmin_group_size = 5\n\
                 [plugins.engagement]\ninstrument = \"uwes-9\"\n\
                 [plugins.absorptive_capacity]\n\
                 [plugins.sick_leave_roi]\ncost_per_sick_day = 250\n"
            ),
        );
        Setup {
            dir,
            language,
            burst,
        }
    }

    /// Runs `werkt <args> --data <data> --out <out>` and asserts it exited 0 without errors.
    fn werkt(&self, data: &Path, args: &[&str]) {
        let o = run(werkt()
            .args(args)
            .arg("--config")
            .arg(self.dir.join("werkt.toml"))
            .arg("--data")
            .arg(data)
            .arg("--out")
            .arg(self.dir.join("out")));
        let what = format!(
            "{} burst={}: werkt {}",
            self.language,
            self.burst,
            args.join(" ")
        );
        assert_eq!(o.status.code(), Some(0), "{what}:\n{}", stderr(&o));
        assert!(!stderr(&o).contains("ERROR"), "{what}:\n{}", stderr(&o));
    }

    /// Every organisation's outputs for `period`: no failed analysis, report.pdf, and with
    /// burst one readable PDF per unit.
    fn check(&self, period: &str) {
        for shape in &SHAPES {
            let what = format!(
                "{} {period} burst={} {}",
                self.language, self.burst, shape.id
            );
            let out = self.dir.join("out").join(shape.id).join(period);
            let metrics: serde_json::Value =
                serde_json::from_slice(&fs::read(out.join("metrics.json")).unwrap())
                    .unwrap_or_else(|e| panic!("{what}: metrics.json: {e}"));
            for (name, a) in metrics["analyses"].as_object().unwrap() {
                assert_ne!(a["status"], "failed", "{what}: {name}: {}", a["error"]);
            }
            let text = pdf_text(&out.join("report.pdf"));
            assert!(
                text.contains(&format!("Shape {}", shape.id)),
                "{what}:\n{text}"
            );
            let units = files_below(&out.join("units"));
            if self.burst {
                let want: Vec<PathBuf> = shape
                    .units
                    .iter()
                    .map(|(u, _, _)| out.join("units").join(format!("{u}.pdf")))
                    .collect();
                assert_eq!(units.len(), want.len(), "{what}: {units:?}");
                for pdf in &want {
                    let text = pdf_text(pdf);
                    assert!(
                        text.contains(&format!("Shape {}", shape.id)),
                        "{what}: {}:\n{text}",
                        pdf.display()
                    );
                }
            } else {
                assert!(units.is_empty(), "{what}: {units:?}");
            }
        }
    }
}

#[test]
fn every_shape_of_data_writes_every_report() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    for shape in &SHAPES {
        write_org(&data, shape);
    }
    // A first month, then the next with the first one's history.
    for (language, burst) in [("en", true), ("nl", false), ("nl", true), ("en", false)] {
        let setup = Setup::new(tmp.path(), language, burst);
        for period in [FIRST, SECOND] {
            setup.werkt(&data, &["run", "--period", period]);
            setup.check(period);
        }
    }
    // A year of history from a backfill, then the month after it.
    let setup = Setup::new(&tmp.path().join("backfill"), "nl", true);
    setup.werkt(&data, &["backfill", "--from", "2025-10", "--to", FIRST]);
    setup.werkt(&data, &["run", "--period", SECOND]);
    setup.check(SECOND);
}
