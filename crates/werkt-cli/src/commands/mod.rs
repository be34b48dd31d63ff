//! One module per subcommand. Shared here: loading the configuration the same way for every
//! command, and the choice of organisations a command works on.

/// `println!` for a command's output on stdout. A closed pipe (`werkt validate | head`) ends
/// the output quietly instead of panicking: the error is [`ClosedPipe`], which `main` turns
/// into exit status 0 without a message.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err($crate::commands::output_error)?
    }};
}

/// `print!` for a command's output; see [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*).map_err($crate::commands::output_error)?
    }};
}

mod backfill;
mod config;
mod daemon;
mod init;
pub mod plugins;
mod run;
mod schedule;
mod status;
mod validate;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use werkt_core::config::{Config, LoadOptions};

use crate::cli::{Cli, Command, DataArgs, GlobalArgs};
use crate::exit::Exit;
use crate::shard::Shard;

pub fn dispatch(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Run(args) => run::run(&cli.global, &args),
        Command::Validate(args) => validate::validate(&cli.global, &args),
        Command::Config { action } => config::config(&cli.global, action),
        Command::Init { dir, from, out } => match (dir, from) {
            (_, Some(from)) => init::init_from(
                &from,
                &out.unwrap_or_else(|| PathBuf::from(werkt_core::skeleton::CONFIG_FILE)),
            ),
            (Some(dir), None) => init::init(&dir),
            // clap requires one of them.
            (None, None) => Ok(Exit::Usage),
        },
        Command::Backfill(args) => backfill::backfill(&cli.global, &args),
        Command::Status(args) => status::status(&cli.global, &args),
        Command::Schedule { emit } => schedule::schedule(&cli.global, emit),
        Command::Daemon => daemon::daemon(&cli.global),
        Command::Plugins { action } => plugins::plugins(&cli.global, action),
        Command::PluginHost => Ok(plugin_host()),
    }
}

/// Built-in defaults < `--config` file < `WERKT_*` environment.
pub fn load_config(global: &GlobalArgs) -> Result<Config> {
    load_config_with(global, &DataArgs::default(), None)
}

/// The configuration file: `--config`, else ./werkt.toml when it is there (what `werkt init`
/// writes), else none (the built-in defaults).
pub fn config_file(global: &GlobalArgs) -> Option<PathBuf> {
    global.config.clone().or_else(|| {
        let here = PathBuf::from(werkt_core::skeleton::CONFIG_FILE);
        here.is_file().then_some(here)
    })
}

/// As [`load_config`], with `--data` and `--out` as the top layer, checked like the others.
pub fn load_config_with(
    global: &GlobalArgs,
    data: &DataArgs,
    out: Option<&Path>,
) -> Result<Config> {
    let mut opts = LoadOptions::new(config_file(global)).with_process_env();
    for d in &data.data {
        opts = opts.with_override("data.organisations", d.display().to_string());
    }
    if let Some(out) = out {
        opts = opts.with_override("output.dir", out.display().to_string());
    }
    Config::load(&opts).context("the configuration is not valid")
}

pub use crate::pipeline::organisation_key;

/// Whoever reads werkt's output stopped reading (`| head`): not an error of werkt's.
#[derive(Debug)]
pub struct ClosedPipe;

impl std::fmt::Display for ClosedPipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the output was closed")
    }
}

impl std::error::Error for ClosedPipe {}

/// An error writing a command's output: a closed pipe is [`ClosedPipe`].
pub fn output_error(e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        anyhow::Error::new(ClosedPipe)
    } else {
        anyhow::Error::new(e).context("cannot write to standard output")
    }
}

/// A run with no analysis enabled would write reports with nothing in them: refused, saying
/// what to add.
pub fn require_analyses(config: &Config) -> Result<()> {
    if !config.plugins.values().any(|p| p.enabled) {
        anyhow::bail!(
            "no analysis is enabled, so a report would have nothing in it: add the bundled ones to the configuration ([plugins.engagement], [plugins.absorptive_capacity] and [plugins.sick_leave_roi]; `werkt init` writes a configuration with all three), and check them with `werkt plugins check`"
        );
    }
    Ok(())
}

/// The organisation directories a data-reading command works on: `--data` replaces
/// `data.organisations`; `--org` and `--shard` select by id, read from organisation.toml alone
/// (a directory whose organisation.toml cannot be read is selected by its directory name, so
/// exactly one shard reports its problems).
pub fn organisations(config: &Config, args: &DataArgs) -> Result<Vec<PathBuf>> {
    let dirs = werkt_core::ingest::discover(&config.data.organisations)?;
    let keyed: Vec<(String, PathBuf)> = dirs
        .into_iter()
        .map(|d| (organisation_key(&d), d))
        .collect();
    // Two directories with one id would write one output directory: each command fails that
    // id alone (the pipeline, validate, backfill); the directories are named here, on the
    // operator's terminal.
    let mut seen: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    for (id, dir) in &keyed {
        if let Some(first) = seen.insert(id, dir) {
            tracing::error!(
                "two organisations have the id '{id}': {} and {}; ids name the output directories, so neither is reported until each has its own id in organisation.toml",
                first.display(),
                dir.display()
            );
        }
    }
    let shard = Shard::resolve(args.shard, |k| std::env::var(k).ok())?;
    let selected: Vec<PathBuf> = keyed
        .into_iter()
        .filter(|(id, _)| {
            (args.orgs.is_empty() || args.orgs.contains(id)) && shard.is_none_or(|s| s.owns(id))
        })
        .map(|(_, d)| d)
        .collect();
    if selected.is_empty() && !args.orgs.is_empty() {
        anyhow::bail!(
            "none of the organisations found has the id {}",
            args.orgs.join(", ")
        );
    }
    if let Some(s) = shard {
        tracing::info!("shard {s}: {} organisation(s)", selected.len());
    }
    Ok(selected)
}

fn plugin_host() -> Exit {
    match werkt_host::serve_stdio() {
        code if code == std::process::ExitCode::SUCCESS => Exit::Ok,
        _ => Exit::Invalid,
    }
}
