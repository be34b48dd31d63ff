//! The shard contract (issue 8, docs/scaling.md): four `werkt run` processes, each given shard
//! I of 4, together write exactly the files one unsharded run writes, with byte-identical
//! metrics.json, and `werkt status` over the four shard history stores reports the whole.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use werkt_e2e::*;

const PERIOD: &str = "2026-10";
const ORGS: usize = 40;

/// Variables that choose a shard when `--shard` is not given. The caller's own (a CI job that
/// happens to run in a Slurm array) must not leak into the runs of this test.
const SHARD_VARS: [&str; 6] = [
    "WERKT_SHARD_INDEX",
    "WERKT_SHARD_COUNT",
    "JOB_COMPLETION_INDEX",
    "JOB_COMPLETION_COUNT",
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
];

/// Writes the organisations: with the `xtask` binary `cargo build --workspace` put next to
/// `werkt`, generated ones (small, fixed seed); without it, renamed copies of the example.
fn organisations(dir: &Path) -> Vec<String> {
    let xtask = bin_dir().join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    if xtask.exists() {
        let o = run(Command::new(&xtask)
            .args([
                "gen-data",
                "--orgs",
                &ORGS.to_string(),
                "--employees",
                "20",
                "--months",
                "14",
                "--seed",
                "11",
                "--end",
                PERIOD,
                "--out",
            ])
            .arg(dir));
        assert!(o.status.success(), "gen-data failed: {}", stderr(&o));
        (0..ORGS).map(|i| format!("org-{i:05}")).collect()
    } else {
        let toml = fs::read_to_string(example_org().join("organisation.toml")).unwrap();
        (0..ORGS)
            .map(|i| {
                let id = format!("copy-{i:02}");
                let org = dir.join(&id);
                copy_dir(&example_org(), &org);
                fs::write(
                    org.join("organisation.toml"),
                    toml.replace(
                        "id = \"zorgcentrum-rivierzicht\"",
                        &format!("id = \"{id}\""),
                    ),
                )
                .unwrap();
                id
            })
            .collect()
    }
}

/// A `werkt run` of the period into `out`, started but not waited for.
fn start(config: &Path, out: &Path, shard: Shard) -> Child {
    let mut c = werkt();
    for v in SHARD_VARS {
        c.env_remove(v);
    }
    c.args([
        "run", "--quiet", "--jobs", "1", "--period", PERIOD, "--config",
    ])
    .arg(config)
    .arg("--out")
    .arg(out)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    match shard {
        Shard::None => {}
        Shard::Flag(i) => {
            c.arg("--shard").arg(format!("{i}/4"));
        }
        Shard::Env(index, count, i) => {
            c.env(index, i.to_string()).env(count, "4");
        }
    }
    c.spawn().expect("werkt starts")
}

#[derive(Clone, Copy)]
enum Shard {
    None,
    Flag(u32),
    /// Index variable, count variable, index: the batch systems' way of saying the same.
    Env(&'static str, &'static str, u32),
}

/// Every file below `out` inside an organisation's directory, by relative path (the history
/// store and the lock file at the top belong to the run, not to a report).
fn report_files(out: &Path) -> BTreeSet<PathBuf> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeSet<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let path = e.path();
            if e.file_type().unwrap().is_dir() {
                walk(root, &path, files);
            } else if dir != root {
                files.insert(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut files = BTreeSet::new();
    walk(out, out, &mut files);
    files
}

#[test]
fn four_shards_write_exactly_what_one_unsharded_run_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let ids = organisations(&data);
    let plugins = bin_dir();
    let config = write_config(
        tmp.path(),
        &format!(
            "[data]\norganisations = [{:?}]\n\
             [plugin_host]\ndirs = [{:?}]\n\
             [history]\nenabled = true\n\
             [plugins.engagement]\ninstrument = \"uwes-9\"\n\
             [plugins.absorptive_capacity]\n\
             [plugins.sick_leave_roi]\ncost_per_sick_day = 250\n",
            data.display().to_string(),
            plugins.display().to_string(),
        ),
    );

    // Four shards as separate processes at the same time, two told by flag and two by the
    // variables of Kubernetes Indexed Jobs and Slurm arrays; and one run over everything.
    let shards = [
        Shard::Flag(0),
        Shard::Flag(1),
        Shard::Env("JOB_COMPLETION_INDEX", "JOB_COMPLETION_COUNT", 2),
        Shard::Env("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", 3),
    ];
    let shard_outs: Vec<PathBuf> = (0..4)
        .map(|i| tmp.path().join(format!("shard-{i}")))
        .collect();
    let whole_out = tmp.path().join("whole");
    let mut children: Vec<(String, Child)> = shards
        .iter()
        .zip(&shard_outs)
        .enumerate()
        .map(|(i, (&s, out))| (format!("shard {i}/4"), start(&config, out, s)))
        .collect();
    children.push(("unsharded".into(), start(&config, &whole_out, Shard::None)));
    for (name, child) in children {
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    }

    let whole = report_files(&whole_out);
    for id in &ids {
        for f in ["metrics.json", "report.pdf", "manifest.json"] {
            let p = Path::new(id).join(PERIOD).join(f);
            assert!(
                whole.contains(&p),
                "the unsharded run did not write {}",
                p.display()
            );
        }
    }

    // Every file of the whole run is written by exactly one shard, and no shard writes more.
    let mut owner: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut orgs_per_shard = [0usize; 4];
    for (i, out) in shard_outs.iter().enumerate() {
        let files = report_files(out);
        orgs_per_shard[i] = files.iter().filter(|f| f.ends_with("metrics.json")).count();
        for f in files {
            if let Some(other) = owner.insert(f.clone(), i) {
                panic!("{} was written by shard {other} and shard {i}", f.display());
            }
        }
    }
    let union: BTreeSet<PathBuf> = owner.keys().cloned().collect();
    assert_eq!(
        union.difference(&whole).collect::<Vec<_>>(),
        Vec::<&PathBuf>::new(),
        "files the shards wrote that the unsharded run did not"
    );
    assert_eq!(
        whole.difference(&union).collect::<Vec<_>>(),
        Vec::<&PathBuf>::new(),
        "files of the unsharded run no shard wrote"
    );
    assert!(
        orgs_per_shard.iter().all(|&n| n > 0),
        "every shard has organisations to do: {orgs_per_shard:?}"
    );
    assert_eq!(orgs_per_shard.iter().sum::<usize>(), ids.len());

    // The figures are the same to the byte, whichever process computed them.
    for (f, &i) in &owner {
        if f.ends_with("metrics.json") {
            let a = fs::read(shard_outs[i].join(f)).unwrap();
            let b = fs::read(whole_out.join(f)).unwrap();
            assert!(
                a == b,
                "{} differs between shard {i} and the unsharded run",
                f.display()
            );
        }
    }

    // The shards' history stores together report every organisation as done.
    let mut c = werkt();
    for v in SHARD_VARS {
        c.env_remove(v);
    }
    c.args(["status", "--period", PERIOD, "--config"])
        .arg(&config);
    for out in &shard_outs {
        c.arg("--history").arg(out.join("history.sqlite"));
    }
    let o = run(&mut c);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for id in &ids {
        assert!(
            text.lines()
                .any(|l| l.starts_with("done") && l.split_whitespace().nth(1) == Some(id)),
            "{id} is not done in:\n{text}"
        );
    }
    assert!(
        text.contains(&format!(
            "{} organisation(s): {} done",
            ids.len(),
            ids.len()
        )),
        "{text}"
    );
}
