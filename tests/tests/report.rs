//! The report a user opens: its text read back from the PDF in both languages, the figures
//! of metrics.json formatted per language, page numbers, and per-unit burst reports (issue 6).

use std::fs;
use std::path::Path;

use werkt_e2e::*;

fn run_example(dir: &Path, extra: &str) -> (serde_json::Value, Vec<String>) {
    let cfg = write_config(
        dir,
        &format!(
            "[data]\norganisations = [{:?}]\n[output]\ndir = \"out\"\n{extra}\n\
             [plugins.engagement]\n[plugins.absorptive_capacity]\n[plugins.sick_leave_roi]\n",
            example_org().display().to_string()
        ),
    );
    let o = run(werkt()
        .args(["run", "--config"])
        .arg(&cfg)
        .args(["--period", "2026-10"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.join("out/zorgcentrum-rivierzicht/2026-10");
    let metrics = serde_json::from_slice(&fs::read(out.join("metrics.json")).unwrap()).unwrap();
    (metrics, pages(&out.join("report.pdf")))
}

fn pages(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.get_pages()
        .keys()
        .map(|&p| doc.extract_text(&[p]).unwrap())
        .collect()
}

fn org_value(m: &serde_json::Value, plugin: &str, metric: &str) -> f64 {
    m["analyses"][plugin]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "org" && r["metric"] == metric && r["subject"].is_null())
        .and_then(|r| r["value"].as_f64())
        .unwrap_or_else(|| panic!("no {plugin}.{metric} for the organisation"))
}

#[test]
fn the_report_reads_back_in_english_and_dutch_with_its_figures() {
    for (lang, heading, decimal) in [("en", "Work engagement", '.'), ("nl", "Bevlogenheid", ',')] {
        let tmp = tempfile::tempdir().unwrap();
        let (m, pages) = run_example(tmp.path(), &format!("[report]\nlanguage = \"{lang}\""));
        let all = pages.join("\n");
        let n = pages.len();
        assert!(n >= 6, "{lang}: only {n} pages");
        // Every page after the cover is numbered "k / N".
        for (i, page) in pages.iter().enumerate().skip(1) {
            assert!(
                page.contains(&format!("{i} / {}", n - 1)),
                "{lang}: page {} has no '{i} / {}':\n{page}",
                i + 1,
                n - 1
            );
        }
        assert!(all.contains(heading), "{lang}: no heading '{heading}'");
        assert!(all.contains("Zorgcentrum Rivierzicht"), "{lang}");
        // The absence rate and engagement of the organisation as metrics.json has them,
        // rounded to one decimal and written with the language's decimal separator.
        let rate = format!(
            "{:.1}%",
            org_value(&m, "sick_leave_roi", "absence_rate_pct")
        )
        .replace('.', &decimal.to_string());
        assert!(
            all.contains(&rate),
            "{lang}: absence rate {rate} not in the report"
        );
        let engagement = format!("{:.2}", org_value(&m, "engagement", "total"))
            .replace('.', &decimal.to_string());
        assert!(
            all.contains(&engagement),
            "{lang}: engagement {engagement} not in the report"
        );
    }
}

#[test]
fn burst_writes_one_report_per_unit_showing_that_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, _) = run_example(tmp.path(), "[report]\nburst = true");
    let units_dir = tmp.path().join("out/zorgcentrum-rivierzicht/2026-10/units");
    let units = fs::read_to_string(example_org().join("units.csv")).unwrap();
    let ids: Vec<&str> = units
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    for id in &ids {
        let pdf = units_dir.join(format!("{id}.pdf"));
        assert!(pdf.exists(), "{} missing", pdf.display());
    }
    assert_eq!(fs::read_dir(&units_dir).unwrap().count(), ids.len());
    let nursing_a = pages(&units_dir.join("d01-t01.pdf")).join("\n");
    assert!(
        nursing_a.contains("Nursing A"),
        "the unit's report names it"
    );
}
