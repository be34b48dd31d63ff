//! `werkt init DIR`: the skeleton is a loadable configuration and a dataset with the headers.

use werkt_core::config::{Config, LoadOptions};
use werkt_core::ingest;
use werkt_core::skeleton::{SkeletonError, write_skeleton};

#[test]
fn the_skeleton_loads_and_asks_for_rows() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_skeleton(dir.path()).unwrap();
    assert_eq!(written.len(), 7, "{written:?}");

    let config = Config::load(&LoadOptions::new(Some(dir.path().join("werkt.toml")))).unwrap();
    let base = std::path::absolute(dir.path()).unwrap();
    assert_eq!(config.data.organisations, [base.join("data")]);
    assert_eq!(config.privacy.min_group_size, 5);

    let orgs = ingest::discover(&config.data.organisations).unwrap();
    assert_eq!(orgs, [base.join("data/my-organisation")]);
    let org = &orgs[0];
    // Empty as written: every problem is something to fill in, not a broken file.
    let e = ingest::load_organisation(org, &config.data).unwrap_err();
    let shown: Vec<String> = e.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        shown,
        [
            format!(
                "{}: has no rows; it needs at least the root unit, the whole organisation",
                org.join("units.csv").display()
            ),
            format!(
                "{}: has no rows; it needs at least one employment row",
                org.join("employees.csv").display()
            ),
        ]
    );

    // Filled in, it loads.
    std::fs::write(
        org.join("units.csv"),
        "unit_id,name,parent_id,org_form\norg,Org,,\n",
    )
    .unwrap();
    std::fs::write(
        org.join("employees.csv"),
        "employee_id,unit_id,fte,start_date,end_date,daily_cost\ne1,org,1,2025-01-01,,\n",
    )
    .unwrap();
    let loaded = ingest::load_organisation(org, &config.data).unwrap();
    assert_eq!(loaded.dataset.organisation.id, "my-organisation");
    assert_eq!(
        loaded.dataset.survey.as_ref().map(|s| s.responses.len()),
        Some(0)
    );
}

#[test]
fn the_skeleton_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("werkt.toml"), "# mine\n").unwrap();
    let e = write_skeleton(dir.path()).unwrap_err();
    assert!(matches!(e, SkeletonError::Exists(_)));
    assert_eq!(
        e.to_string(),
        format!(
            "{} already exists; werkt init never overwrites files (choose an empty directory)",
            dir.path().join("werkt.toml").display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("werkt.toml")).unwrap(),
        "# mine\n"
    );
    assert!(
        !dir.path().join("data").exists(),
        "nothing is written when anything exists"
    );
}
