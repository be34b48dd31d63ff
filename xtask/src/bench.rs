//! `cargo xtask bench [--quick] [--only NAME,...] [--jobs N] [--keep] [--no-build]`: the scale
//! benchmarks of issue 8, run against the release build the way users run werkt, with a table
//! per benchmark.
//!
//! 1. programme: many small organisations, a full `werkt run` (validate, three analyses,
//!    render, write, history).
//! 2. enterprise: one large organisation with `report.burst = true` (one PDF per unit).
//! 3. render: werkt-render's criterion bench (`render_report`, the 6-page report with 6 charts
//!    the render target describes), one process per core at the same time, so the figure is
//!    reports per second with every core busy.
//!
//! Each benchmark reports wall time, CPU time (user + sys of the child and everything it
//! waited for), peak RSS two ways (the largest single process, from `wait4`, and the sum over
//! werkt and its plugin host processes, sampled from /proc every 50 ms), reports per second,
//! and the split over phases summed from every manifest.json the run wrote. The data comes from
//! `gen-data` with fixed seeds and is cached in target/bench-data/ by its parameters.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{cargo, root, status};

/// The period gen-data's data ends with (its default `--end`); every run reports on it.
const PERIOD: &str = "2026-10";
const SEED: u64 = 8;

struct Options {
    quick: bool,
    only: Vec<String>,
    jobs: Option<usize>,
    keep: bool,
    /// Use the release build that is there (for repeated runs while nothing changed).
    no_build: bool,
}

const NAMES: [&str; 3] = ["programme", "enterprise", "render"];

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options {
        quick: false,
        only: NAMES.iter().map(|s| s.to_string()).collect(),
        jobs: None,
        keep: false,
        no_build: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--keep" => o.keep = true,
            "--no-build" => o.no_build = true,
            "--only" => {
                let v = it.next().context("--only needs a value")?;
                o.only = v.split(',').map(|s| s.trim().to_string()).collect();
                if let Some(bad) = o.only.iter().find(|n| !NAMES.contains(&n.as_str())) {
                    bail!(
                        "--only: unknown benchmark '{bad}' (known: {})",
                        NAMES.join(", ")
                    );
                }
            }
            "--jobs" => {
                let v = it.next().context("--jobs needs a value")?;
                o.jobs = Some(v.parse().context("--jobs takes a whole number")?);
            }
            other => bail!(
                "unknown option {other}; usage: cargo xtask bench [--quick] \
                 [--only programme,enterprise,render] [--jobs N] [--keep] [--no-build]"
            ),
        }
    }
    Ok(o)
}

/// A dataset gen-data writes, named by its parameters so a cached copy is never stale.
struct Dataset {
    orgs: usize,
    employees: usize,
    months: u32,
    units: Option<usize>,
}

impl Dataset {
    fn dir(&self) -> PathBuf {
        let units = self.units.map(|u| format!("-u{u}")).unwrap_or_default();
        root().join("target/bench-data").join(format!(
            "o{}-e{}-m{}{units}-s{SEED}",
            self.orgs, self.employees, self.months
        ))
    }

    /// Generates the data unless a complete copy is there (marked by `.complete`, written
    /// last, so an interrupted generation is redone rather than used).
    fn ensure(&self) -> Result<PathBuf> {
        let dir = self.dir();
        let marker = dir.join(".complete");
        if marker.exists() {
            eprintln!("bench: using the cached data in {}", dir.display());
            return Ok(dir);
        }
        let t = Instant::now();
        if let Err(why) = self.generate(&dir, self.orgs, self.employees, SEED) {
            // gen-data panics on some seeds and sizes (an employee who joins in the last ten
            // days of the data and also leaves gets an empty range in make_employment). Until
            // that is fixed, assemble the same shape from organisations generated one seed at
            // a time, skipping the seeds that hit it.
            eprintln!(
                "bench: gen-data failed ({why}); assembling the data from single organisations \
                 generated seed by seed instead"
            );
            self.assemble(&dir)?;
        }
        eprintln!("bench: generated in {:.1} s", t.elapsed().as_secs_f64());
        fs::write(&marker, b"")?;
        Ok(dir)
    }

    /// One gen-data run (this xtask's own, as a child process) into `dir`, emptied first.
    fn generate(&self, dir: &Path, orgs: usize, employees: usize, seed: u64) -> Result<()> {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        let mut c = Command::new(std::env::current_exe().context("finding xtask itself")?);
        c.args(["gen-data", "--orgs", &orgs.to_string()])
            .args(["--employees", &employees.to_string()])
            .args(["--months", &self.months.to_string()])
            .args(["--seed", &seed.to_string(), "--end", PERIOD, "--out"])
            .arg(dir)
            .env("RUST_BACKTRACE", "0");
        if let Some(u) = self.units {
            c.args(["--units", &u.to_string()]);
        }
        let out = c.output().context("starting gen-data")?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let lines: Vec<&str> = err.lines().collect();
            let at = lines
                .iter()
                .position(|l| l.contains("panicked") || l.contains("xtask:"))
                .unwrap_or(0);
            bail!(
                "gen-data --seed {seed} exited with {}: {}",
                out.status,
                lines
                    .iter()
                    .skip(at)
                    .take(2)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
        Ok(())
    }

    /// The fallback: gen-data organisations of one seed each (a seed that fails is skipped).
    /// Many organisations: each becomes `org-NNNNN`, about `employees` large (0.7 to 1.3
    /// times, as gen-data varies them). One organisation: `parts` organisations with the same
    /// unit tree (`--units` fixes it; only names and rates differ per seed) are merged into
    /// one, employee and respondent ids prefixed by the part, units and interventions from
    /// the first part.
    fn assemble(&self, dir: &Path) -> Result<()> {
        let scratch = dir.with_extension("parts");
        let _ = fs::remove_dir_all(&scratch);
        let _ = fs::remove_dir_all(dir);
        fs::create_dir_all(dir)?;
        // Organisation (or part) i tries seeds base + 100 i, base + 100 i + 1, ...: the same
        // data whatever the number of threads.
        let part = |i: usize, employees: usize, scratch: &Path| -> Result<PathBuf> {
            for attempt in 0..100 {
                let seed = SEED * 1_000_003 + 100 * i as u64 + attempt;
                if self.generate(scratch, 1, employees, seed).is_ok() {
                    let org = fs::read_dir(scratch)?
                        .next()
                        .context("gen-data wrote no organisation")??;
                    return Ok(org.path());
                }
            }
            bail!("gen-data failed on 100 seeds in a row for part {i}")
        };
        if self.orgs > 1 {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            std::thread::scope(|s| -> Result<()> {
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        let scratch = scratch.join(t.to_string());
                        s.spawn(move || -> Result<()> {
                            for i in (t..self.orgs).step_by(threads) {
                                let size = self.employees * (70 + (i * 37) % 61) / 100;
                                let org = part(i, size.max(5), &scratch)?;
                                let to = dir.join(format!("org-{i:05}"));
                                fs::rename(&org, &to)?;
                                set_id(&to, &format!("org-{i:05}"))?;
                                if i % 1000 == 999 {
                                    eprintln!("bench: {} of {} organisations", i + 1, self.orgs);
                                }
                            }
                            Ok(())
                        })
                    })
                    .collect();
                for h in handles {
                    h.join().expect("generating thread panicked")?;
                }
                Ok(())
            })?;
        } else {
            let parts = self.employees.div_ceil(1000);
            let to = dir.join("enterprise");
            fs::create_dir_all(&to)?;
            for k in 0..parts {
                let size = self.employees / parts + usize::from(k < self.employees % parts);
                let org = part(k, size, &scratch)?;
                for file in ["employees.csv", "absence.csv", "survey.csv"] {
                    let text = fs::read_to_string(org.join(file))?;
                    let mut lines = text.lines();
                    let header = lines.next().unwrap_or_default();
                    let mut buf = String::new();
                    if k == 0 {
                        buf.push_str(header);
                        buf.push('\n');
                    }
                    for l in lines {
                        buf.push_str(&format!("p{k:03}-{l}\n"));
                    }
                    use std::io::Write as _;
                    fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(to.join(file))?
                        .write_all(buf.as_bytes())?;
                }
                if k == 0 {
                    for file in ["organisation.toml", "units.csv", "interventions.csv"] {
                        fs::copy(org.join(file), to.join(file))?;
                    }
                    set_id(&to, "enterprise")?;
                }
            }
        }
        let _ = fs::remove_dir_all(&scratch);
        Ok(())
    }
}

/// Rewrites the id in an organisation.toml gen-data wrote.
fn set_id(org: &Path, id: &str) -> Result<()> {
    let path = org.join("organisation.toml");
    let text = fs::read_to_string(&path)?;
    let text: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("id = ") {
                format!("id = \"{id}\"")
            } else {
                l.to_string()
            }
        })
        .collect();
    fs::write(&path, text.join("\n") + "\n")?;
    Ok(())
}

pub fn run(args: &[String]) -> Result<()> {
    let o = parse(args)?;
    if !o.no_build {
        let mut c = cargo();
        c.args(["build", "--release", "--workspace"]);
        status(c)?;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    eprintln!(
        "bench: {} sizes, {cores} core(s), jobs {}",
        if o.quick { "quick" } else { "full" },
        o.jobs.map_or("= cores".to_string(), |j| j.to_string())
    );
    let mut results = Vec::new();
    for name in NAMES.iter().filter(|n| o.only.iter().any(|x| x == *n)) {
        let before = load_average();
        let mut r = match *name {
            "programme" => programme(&o)?,
            "enterprise" => enterprise(&o)?,
            _ => render(&o, cores)?,
        };
        r.load = (before, load_average());
        print_result(&r);
        results.push(r);
    }
    print_summary(&results);
    Ok(())
}

/// What one benchmark measured.
struct Measured {
    name: String,
    what: String,
    /// (wall seconds, peak MB) the issue sets for the full size; none for quick sizes.
    target: Option<(f64, f64)>,
    wall: Duration,
    usage: Usage,
    /// Sum over werkt and its descendants, sampled; `None` when not sampled.
    tree_peak_kb: Option<u64>,
    reports: usize,
    phases: Option<Phases>,
    note: String,
    /// The 1-minute load average before and after: other work on the machine skews figures.
    load: (String, String),
}

#[derive(Default, Clone, Copy)]
struct Phases {
    ingest: f64,
    analyse: f64,
    render: f64,
    write: f64,
    manifests: usize,
}

fn programme(o: &Options) -> Result<Measured> {
    let orgs = if o.quick { 500 } else { 10_000 };
    let data = Dataset {
        orgs,
        employees: 60,
        months: 24,
        units: None,
    }
    .ensure()?;
    let m = werkt_run(o, "programme", &data, false)?;
    Ok(Measured {
        what: format!("{orgs} organisations of about 60 employees, 24 months, full run"),
        target: (!o.quick).then_some((60.0, 500.0)),
        ..m
    })
}

fn enterprise(o: &Options) -> Result<Measured> {
    let (employees, units) = if o.quick {
        (10_000, 100)
    } else {
        (100_000, 500)
    };
    let data = Dataset {
        orgs: 1,
        employees,
        months: 24,
        units: Some(units),
    }
    .ensure()?;
    let m = werkt_run(o, "enterprise", &data, true)?;
    Ok(Measured {
        what: format!(
            "1 organisation, {employees} employees in {units} units, 24 months, 2 survey waves, burst"
        ),
        target: (!o.quick).then_some((20.0, 2048.0)),
        ..m
    })
}

/// A scratch directory under the system's temp dir, removed on drop unless kept.
struct Scratch {
    path: PathBuf,
    keep: bool,
}

impl Scratch {
    fn new(name: &str, keep: bool) -> Result<Scratch> {
        let path = std::env::temp_dir().join(format!("werkt-bench-{name}-{}", std::process::id()));
        if path.exists() {
            fs::remove_dir_all(&path)?;
        }
        fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Scratch { path, keep })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.keep {
            eprintln!("bench: kept {}", self.path.display());
        } else {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// TOML string literal of a path.
fn toml_path(p: &Path) -> String {
    format!("{:?}", p.display().to_string())
}

fn werkt_run(o: &Options, name: &str, data: &Path, burst: bool) -> Result<Measured> {
    let scratch = Scratch::new(name, o.keep)?;
    let out = scratch.path.join("out");
    let release = root().join("target/release");
    let config = scratch.path.join("werkt.toml");
    fs::write(
        &config,
        format!(
            "# Written by `cargo xtask bench` for the {name} benchmark.\n\
             [data]\norganisations = [{data}]\n\
             [output]\ndir = {out}\n\
             [report]\nburst = {burst}\n\
             [plugin_host]\ndirs = [{release}]\n\
             [history]\nenabled = true\n\
             [plugins.engagement]\ninstrument = \"uwes-9\"\n\
             [plugins.absorptive_capacity]\n\
             [plugins.sick_leave_roi]\ncost_per_sick_day = 250\n",
            data = toml_path(data),
            out = toml_path(&out),
            release = toml_path(&release),
        ),
    )?;
    let log = scratch.path.join("werkt.log");
    let mut cmd = Command::new(release.join("werkt"));
    cmd.arg("run")
        .arg("--config")
        .arg(&config)
        .args(["--period", PERIOD]);
    if let Some(j) = o.jobs {
        cmd.args(["--jobs", &j.to_string()]);
    }
    cmd.stdout(Stdio::null())
        .stderr(fs::File::create(&log)?)
        .current_dir(&scratch.path);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("WERKT_") {
            cmd.env_remove(k);
        }
    }
    eprintln!("bench: {name}: {cmd:?}");
    let (code, wall, usage, tree) = measure(cmd)?;
    if code != Some(0) {
        let text = fs::read_to_string(&log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!(
            "werkt run exited with {code:?}; the last lines of its log:\n{}",
            tail.join("\n")
        );
    }
    let (phases, reports) = collect_outputs(&out)?;
    Ok(Measured {
        name: name.into(),
        what: String::new(),
        target: None,
        wall,
        usage,
        tree_peak_kb: Some(tree),
        reports,
        phases: Some(phases),
        note: String::new(),
        load: Default::default(),
    })
}

/// Sums the phase timings of every manifest.json below `out` and counts the PDFs.
fn collect_outputs(out: &Path) -> Result<(Phases, usize)> {
    let mut p = Phases::default();
    let mut pdfs = 0;
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))? {
            let e = e?;
            let path = e.path();
            if e.file_type()?.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "pdf") {
                pdfs += 1;
            } else if path.file_name().is_some_and(|n| n == "manifest.json") {
                let text = fs::read_to_string(&path)?;
                let num = |key: &str| {
                    json_number(&text, key)
                        .with_context(|| format!("{} has no number \"{key}\"", path.display()))
                };
                p.ingest += num("ingest_ms")?;
                p.analyse += num("analyse_ms")?;
                p.render += num("render_ms")?;
                p.write += num("write_ms")?;
                p.manifests += 1;
            }
        }
    }
    Ok((p, pdfs))
}

/// The number after `"key":` in a JSON text (manifest.json's flat timings; xtask has no JSON
/// parser and needs none for this).
fn json_number(text: &str, key: &str) -> Option<f64> {
    let at = text.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// Render only: werkt-render's criterion bench, one process per core at once.
fn render(o: &Options, cores: usize) -> Result<Measured> {
    let exe = render_bench_exe()?;
    let (warm, measure_s) = if o.quick { (1, 3) } else { (3, 10) };
    let scratch = Scratch::new("render", o.keep)?;
    let started = Instant::now();
    let mut children = Vec::new();
    for i in 0..cores {
        let home = scratch.path.join(format!("criterion-{i}"));
        let mut cmd = Command::new(&exe);
        cmd.args([
            "--bench",
            "render_report",
            "--noplot",
            "--warm-up-time",
            &warm.to_string(),
            "--measurement-time",
            &measure_s.to_string(),
        ])
        .env("CRITERION_HOME", &home)
        .stdout(fs::File::create(scratch.path.join(format!("out-{i}.txt")))?)
        .stderr(Stdio::null());
        children.push(cmd);
    }
    eprintln!(
        "bench: render: {cores} × {} --bench render_report ({warm} s warm-up, {measure_s} s measurement)",
        exe.display()
    );
    let handles: Vec<_> = children
        .into_iter()
        .map(|cmd| std::thread::spawn(move || measure(cmd)))
        .collect();
    let mut usage = Usage::default();
    let mut per_report = Vec::new();
    for (i, h) in handles.into_iter().enumerate() {
        let (code, _, u, _) = h.join().expect("measuring thread panicked")?;
        if code != Some(0) {
            bail!("the render bench exited with {code:?}");
        }
        usage.add(&u);
        let text = fs::read_to_string(scratch.path.join(format!("out-{i}.txt")))?;
        per_report.push(
            criterion_mid(&text)
                .with_context(|| format!("no time for render_report in:\n{text}"))?,
        );
    }
    let wall = started.elapsed();
    let rate: f64 = per_report.iter().map(|s| 1.0 / s).sum();
    let mean_ms = per_report.iter().sum::<f64>() / per_report.len() as f64 * 1000.0;
    Ok(Measured {
        name: "render".into(),
        what: format!(
            "werkt-render's benchmark report (6 pages, 6 charts), {cores} process(es) at once"
        ),
        target: None,
        wall,
        usage,
        tree_peak_kb: None,
        reports: 0,
        phases: None,
        note: format!(
            "{rate:.1} reports/s on {cores} core(s) ({mean_ms:.2} ms per report per core, \
             criterion's estimate)"
        ),
        load: Default::default(),
    })
}

/// Builds werkt-render's benches in release and returns the `render` bench executable.
fn render_bench_exe() -> Result<PathBuf> {
    let mut c = cargo();
    c.args([
        "bench",
        "-p",
        "werkt-render",
        "--bench",
        "render",
        "--no-run",
        "--message-format=json",
    ])
    .stderr(Stdio::inherit());
    let out = c.output().context("starting cargo bench --no-run")?;
    if !out.status.success() {
        bail!(
            "cargo bench -p werkt-render --no-run failed ({})",
            out.status
        );
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // The compiler-artifact line of the bench target carries its executable path.
    text.lines()
        .filter(|l| l.contains("\"name\":\"render\"") && l.contains("\"kind\":[\"bench\"]"))
        .find_map(|l| {
            let at = l.find("\"executable\":\"")? + "\"executable\":\"".len();
            let end = l[at..].find('"')?;
            Some(PathBuf::from(&l[at..at + end]))
        })
        .context("cargo did not report the render bench's executable")
}

/// The middle of criterion's `time: [low mid high]` estimate, in seconds.
fn criterion_mid(text: &str) -> Option<f64> {
    let at = text.find("time:")?;
    let inner = text[at..].split_once('[')?.1.split_once(']')?.0;
    let parts: Vec<&str> = inner.split_whitespace().collect();
    let (value, unit) = (parts.get(2)?, parts.get(3)?);
    let v: f64 = value.parse().ok()?;
    let scale = match *unit {
        "s" => 1.0,
        "ms" => 1e-3,
        "µs" | "us" => 1e-6,
        "ns" => 1e-9,
        _ => return None,
    };
    Some(v * scale)
}

/// CPU time and peak RSS of a waited-for child (and everything it waited for in turn).
#[derive(Default, Clone, Copy)]
struct Usage {
    user: Duration,
    sys: Duration,
    /// Largest resident set of any single process, in KiB.
    max_rss_kb: u64,
}

impl Usage {
    fn add(&mut self, o: &Usage) {
        self.user += o.user;
        self.sys += o.sys;
        self.max_rss_kb = self.max_rss_kb.max(o.max_rss_kb);
    }
}

/// Runs `cmd` to the end: exit code, wall time, resource usage and the peak of the summed
/// resident sets of the child and its descendants (sampled every 50 ms).
fn measure(mut cmd: Command) -> Result<(Option<i32>, Duration, Usage, u64)> {
    let started = Instant::now();
    let child = cmd.spawn().with_context(|| format!("starting {cmd:?}"))?;
    let pid = child.id();
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(tree_rss_kb(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let (code, usage) = wait(child)?;
    let wall = started.elapsed();
    done.store(true, Ordering::Relaxed);
    sampler.join().expect("sampler thread panicked");
    Ok((code, wall, usage, peak.load(Ordering::Relaxed)))
}

/// Resident set of `root` and all its descendants, in KiB, from /proc.
fn tree_rss_kb(root: u32) -> u64 {
    let Ok(entries) = fs::read_dir("/proc") else {
        return 0;
    };
    let mut procs: Vec<(u32, u32, u64)> = Vec::new();
    for e in entries.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(status) = fs::read_to_string(e.path().join("status")) else {
            continue;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
        };
        let (Some(ppid), rss) = (field("PPid:"), field("VmRSS:").unwrap_or(0)) else {
            continue;
        };
        procs.push((pid, ppid as u32, rss));
    }
    let mut tree = vec![root];
    let mut total = 0;
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        for &(pid, ppid, rss) in &procs {
            if pid == p {
                total += rss;
            }
            if ppid == p {
                tree.push(pid);
            }
        }
        i += 1;
    }
    total
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn wait(child: std::process::Child) -> Result<(Option<i32>, Usage)> {
    // struct rusage on 64-bit Linux: two timevals, then 14 longs (ru_maxrss first, in KiB).
    #[repr(C)]
    #[derive(Default)]
    struct Timeval {
        sec: i64,
        usec: i64,
    }
    #[repr(C)]
    #[derive(Default)]
    struct Rusage {
        utime: Timeval,
        stime: Timeval,
        maxrss: i64,
        rest: [i64; 13],
    }
    unsafe extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
    }
    let pid = child.id() as i32;
    let mut st = 0i32;
    let mut ru = Rusage::default();
    loop {
        // SAFETY: `st` and `ru` are valid for writes and laid out as the kernel expects; the
        // child is ours and not waited for elsewhere (std's `Child` is never waited on).
        let r = unsafe { wait4(pid, &mut st, 0, &mut ru) };
        if r == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e).context("wait4");
        }
    }
    drop(child);
    let tv = |t: &Timeval| Duration::from_micros((t.sec * 1_000_000 + t.usec) as u64);
    let code = (st & 0x7f == 0).then_some((st >> 8) & 0xff);
    Ok((
        code,
        Usage {
            user: tv(&ru.utime),
            sys: tv(&ru.stime),
            max_rss_kb: ru.maxrss as u64,
        },
    ))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn wait(mut child: std::process::Child) -> Result<(Option<i32>, Usage)> {
    let st = child.wait()?;
    Ok((st.code(), Usage::default()))
}

/// The 1-minute load average, from /proc/loadavg ("?" where there is none).
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "?".into())
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn print_result(m: &Measured) {
    let wall = m.wall.as_secs_f64();
    let cpu = (m.usage.user + m.usage.sys).as_secs_f64();
    println!("\n## {}: {}\n", m.name, m.what);
    println!("| measure | value |");
    println!("|---|---|");
    println!("| wall time | {wall:.2} s |");
    println!(
        "| CPU time (user + sys) | {cpu:.2} s ({:.2} + {:.2}); {:.2} cores busy on average |",
        m.usage.user.as_secs_f64(),
        m.usage.sys.as_secs_f64(),
        cpu / wall.max(1e-9)
    );
    println!(
        "| peak RSS, largest process | {:.0} MB |",
        mb(m.usage.max_rss_kb)
    );
    if let Some(t) = m.tree_peak_kb {
        println!(
            "| peak RSS, werkt + plugin hosts (sampled) | {:.0} MB |",
            mb(t)
        );
    }
    if m.reports > 0 {
        println!(
            "| reports (PDFs) | {} ({:.1} per second) |",
            m.reports,
            m.reports as f64 / wall
        );
    }
    if !m.note.is_empty() {
        println!("| reports per second | {} |", m.note);
    }
    if let Some(p) = m.phases {
        let total = (p.ingest + p.analyse + p.render + p.write).max(1e-9);
        println!(
            "| phases, summed over {} manifest(s) | {} |",
            p.manifests,
            [
                ("ingest", p.ingest),
                ("analyse", p.analyse),
                ("render", p.render),
                ("write", p.write)
            ]
            .iter()
            .map(|(n, v)| format!("{n} {:.1} s ({:.0}%)", v / 1000.0, 100.0 * v / total))
            .collect::<Vec<_>>()
            .join(", ")
        );
    }
    println!(
        "| load average (1 min) before / after | {} / {} |",
        m.load.0, m.load.1
    );
    if let Some((secs, peak_mb)) = m.target {
        let peak = mb(m
            .tree_peak_kb
            .unwrap_or(m.usage.max_rss_kb)
            .max(m.usage.max_rss_kb));
        println!(
            "| target | under {secs:.0} s: {}; under {peak_mb:.0} MB: {} |",
            if wall < secs { "met" } else { "MISSED" },
            if peak < peak_mb { "met" } else { "MISSED" }
        );
    }
}

fn print_summary(results: &[Measured]) {
    if results.len() < 2 {
        return;
    }
    println!("\n## summary\n");
    println!("| benchmark | wall s | CPU s | peak RSS MB (largest / tree) | reports/s |");
    println!("|---|---|---|---|---|");
    for m in results {
        let wall = m.wall.as_secs_f64();
        let rate = if m.reports > 0 {
            format!("{:.1}", m.reports as f64 / wall)
        } else {
            m.note.split(' ').next().unwrap_or("").to_string()
        };
        println!(
            "| {} | {wall:.2} | {:.2} | {:.0} / {} | {rate} |",
            m.name,
            (m.usage.user + m.usage.sys).as_secs_f64(),
            mb(m.usage.max_rss_kb),
            m.tree_peak_kb
                .map_or("-".to_string(), |t| format!("{:.0}", mb(t)))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_manifest_timings() {
        let text = r#"{ "timings": { "ingest_ms": 12.5, "analyse_ms": 3e2, "render_ms": 7 } }"#;
        assert_eq!(json_number(text, "ingest_ms"), Some(12.5));
        assert_eq!(json_number(text, "analyse_ms"), Some(300.0));
        assert_eq!(json_number(text, "render_ms"), Some(7.0));
        assert_eq!(json_number(text, "write_ms"), None);
    }

    #[test]
    fn reads_criterion_estimates() {
        let text = "render_report           time:   [2.9012 ms 3.0518 ms 3.2100 ms]\n";
        let v = criterion_mid(text).unwrap();
        assert!((v - 3.0518e-3).abs() < 1e-9, "{v}");
        let v = criterion_mid("render_report\n  time:   [810.1 µs 820.5 µs 830.0 µs]").unwrap();
        assert!((v - 820.5e-6).abs() < 1e-12, "{v}");
        assert_eq!(criterion_mid("no estimate here"), None);
    }
}
