//! Project tasks, run as `cargo xtask <task>` (the alias lives in .cargo/config.toml).
//!
//! Tasks only orchestrate cargo and the built `werkt` binary; they hold no product logic.

mod bench;
mod gen_data;
mod new_plugin;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  demo        build everything and write the example report to out/
  test        build everything (plugins included) and run the whole test suite
  gen-data    write generated organisations: --orgs N --employees M --months K --seed S --out DIR
  new-plugin  create a working analysis plugin crate: NAME [DIR] (default: plugins/NAME)
  bench       release build, then the scale benchmarks with a table each: [--quick]
              [--only programme,enterprise,render] [--jobs N] [--keep] [--no-build]
";

/// The period the shipped example data ends with; the demo reports on it.
const EXAMPLE_PERIOD: &str = "2026-10";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(),
        Some("test") => test(&args[1..]),
        Some("gen-data") => gen_data::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("new-plugin") => match &args[1..] {
            [name] => new_plugin::run(name, None),
            [name, dir] => new_plugin::run(name, Some(Path::new(dir))),
            _ => {
                eprint!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(root());
    c
}

fn status(mut cmd: Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let st = cmd.status().with_context(|| format!("starting {shown}"))?;
    if !st.success() {
        bail!("{shown} failed ({st})");
    }
    Ok(())
}

/// Builds every binary and plugin library of the workspace once, in the dev profile that the
/// tests share, so the demo and the test suite never build the world twice.
fn build_all() -> Result<()> {
    let mut c = cargo();
    c.args(["build", "--workspace"]);
    status(c)
}

fn demo() -> Result<()> {
    build_all()?;
    let exe = root().join("target/debug/werkt");
    // The year before the report period goes into the history first, so the report's trend
    // lines are full on its very first run, as they are for a user who backfills.
    let period: werkt_model::Period = EXAMPLE_PERIOD.parse().expect("a valid period");
    let (from, to) = (
        period.add_months(-11).to_string(),
        period.pred().to_string(),
    );
    let mut c = Command::new(&exe);
    c.current_dir(root());
    c.args([
        "backfill",
        "--config",
        "config/example.toml",
        "--from",
        &from,
        "--to",
        &to,
    ]);
    status(c)?;
    let mut c = Command::new(&exe);
    c.current_dir(root());
    c.args([
        "run",
        "--config",
        "config/example.toml",
        "--period",
        EXAMPLE_PERIOD,
        "--force",
    ]);
    status(c)?;
    eprintln!("the example report is in {}", root().join("out").display());
    Ok(())
}

fn test(extra: &[String]) -> Result<()> {
    build_all()?;
    let mut c = cargo();
    c.args(["test", "--workspace"]).args(extra);
    status(c)
}
