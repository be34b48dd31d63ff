//! Organisation and unit ids become file names (`<out>/<org>/<period>/`, `units/<unit>.pdf`
//! with `report.burst`): ids that could leave the output directory or trip a file system are
//! refused at validation, and a run writes nothing outside its output directory.

use std::fs;
use std::path::{Path, PathBuf};

use werkt_e2e::*;

fn valid_org() -> PathBuf {
    root().join("crates/werkt-core/tests/fixtures/valid")
}

fn validate(org: &Path) -> (Option<i32>, String) {
    let o = run(werkt().args(["validate", "--data"]).arg(org));
    (o.status.code(), stderr(&o))
}

#[test]
fn organisation_ids_that_are_not_safe_directory_names_are_refused() {
    for id in [
        "../escape",
        "a/b",
        "..",
        "CON",
        "con",
        "nul",
        "com1",
        "a\\u0007b",
        "Acme",
        "",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path().join("org");
        copy_dir(&valid_org(), &org);
        fs::write(
            org.join("organisation.toml"),
            format!("id = \"{id}\"\nname = \"X\"\n"),
        )
        .unwrap();
        let (code, err) = validate(&org);
        assert_eq!(code, Some(1), "id {id:?} accepted:\n{err}");
        assert!(
            err.contains("organisation.toml") && err.contains("id"),
            "{id:?}: {err}"
        );
    }
}

#[test]
fn unit_ids_that_cannot_be_file_names_are_refused() {
    for (id, says) in [
        ("../../escape", "path separator"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        ("..", "'.' or '..'"),
        (".", "'.' or '..'"),
        ("CON", "device name"),
        ("nul.txt", "device name"),
        ("Lpt1", "device name"),
        ("tab\there", "control character"),
        ("bell\u{7}", "control character"),
        ("a:b", "file systems refuse"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path().join("org");
        copy_dir(&valid_org(), &org);
        // The id in a quoted field, so a tab survives the CSV reader's trimming.
        let quoted = format!("\"{id}\"");
        let units = fs::read_to_string(org.join("units.csv"))
            .unwrap()
            .replace("office,Office,org,", &format!("{quoted},Office,org,"));
        fs::write(org.join("units.csv"), units).unwrap();
        let employees = fs::read_to_string(org.join("employees.csv"))
            .unwrap()
            .replace(",office,", &format!(",{quoted},"));
        fs::write(org.join("employees.csv"), employees).unwrap();
        let (code, err) = validate(&org);
        assert_eq!(code, Some(1), "unit id {id:?} accepted:\n{err}");
        assert!(
            err.lines()
                .any(|l| l.contains("units.csv:5: unit_id:") && l.contains(says)),
            "{id:?}: no units.csv:5 error saying {says:?} in\n{err}"
        );
    }
}

#[test]
fn a_burst_run_writes_only_inside_the_output_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    fs::create_dir_all(&work).unwrap();
    let org = work.join("org");
    copy_dir(&example_org(), &org);
    let cfg = write_config(
        &work,
        "[report]\nburst = true\n[plugins.engagement]\ninstrument = \"uwes-9\"\n\
         [plugins.absorptive_capacity]\n[plugins.sick_leave_roi]\n",
    );
    let before = files_below(tmp.path());
    let out = work.join("out");
    let o = run(werkt()
        .current_dir(&work)
        .args(["run", "--config"])
        .arg(&cfg)
        .args(["--period", "2026-10", "--data"])
        .arg(&org)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = files_below(tmp.path());
    let new: Vec<&PathBuf> = after.iter().filter(|p| !before.contains(p)).collect();
    assert!(new.len() > 3, "{new:?}");
    for p in &new {
        assert!(
            p.starts_with(&out),
            "{} is outside {}",
            p.display(),
            out.display()
        );
    }
    // One PDF per unit, named by the unit id.
    let units = out.join("zorgcentrum-rivierzicht/2026-10/units");
    assert!(units.join("d01-t01.pdf").is_file());
    assert!(units.join("org.pdf").is_file());
}

/// The output directory is trusted (whoever can write in it can replace reports anyway), and a
/// symlinked organisation directory is followed on purpose (an administrator may link it to a
/// share). But a symlink planted in place of an output *file* is replaced, never written
/// through: outputs are written to a temporary file and renamed over the name.
#[test]
fn a_symlink_in_place_of_a_report_is_replaced_not_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let out = tmp.path().join("out");
    let dir = out.join("zorgcentrum-rivierzicht/2026-10");
    fs::create_dir_all(&dir).unwrap();
    for name in ["report.pdf", "metrics.json", "manifest.json"] {
        std::os::unix::fs::symlink(&victim, dir.join(name)).unwrap();
    }
    let o = run(werkt()
        .current_dir(root())
        .args([
            "run",
            "--config",
            "config/example.toml",
            "--period",
            "2026-10",
            "--force",
            "--out",
        ])
        .arg(&out));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    for name in ["report.pdf", "metrics.json", "manifest.json"] {
        let meta = fs::symlink_metadata(dir.join(name)).unwrap();
        assert!(meta.is_file(), "{name} is still a symlink");
    }
}
