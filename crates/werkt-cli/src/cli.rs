//! The command line: what a user can type, and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use werkt_model::Period;

#[derive(Debug, Parser)]
#[command(
    name = "werkt",
    version,
    about = "Monthly reports on absorptive capacity, work engagement and sick leave from HR data.",
    after_help = "Exit status: 0 ok, 1 invalid input or configuration, 2 usage, 3 partly failed, 4 another run holds the lock."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Configuration file (TOML); default ./werkt.toml when it exists. Built-in defaults apply
    /// to every key it leaves out.
    #[arg(long, short, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what happens (repeat for more).
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the data, run the analyses and write report.pdf and metrics.json per organisation.
    Run(RunArgs),
    /// Check the data and report every problem with file and line; writes nothing.
    Validate(DataArgs),
    /// Show the effective configuration.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// List, describe and check the configured analysis plugins.
    Plugins {
        #[command(subcommand)]
        action: PluginsAction,
    },
    /// Serve plugin requests on stdin/stdout (started by werkt itself for process isolation).
    #[command(hide = true)]
    PluginHost,
    /// Compute and store the figures of past periods, so trend lines start full.
    Backfill(BackfillArgs),
    /// Per organisation: done, skipped, failed (with the error) or never run, for a period.
    Status(StatusArgs),
    /// The next five run times of `[schedule]`, or a ready crontab, systemd or Kubernetes unit.
    Schedule {
        /// Print a unit that runs `werkt run` on the schedule instead of the next run times.
        #[arg(long, value_enum)]
        emit: Option<Emit>,
    },
    /// Run on `[schedule]` without cron: sleep, run, catch up after downtime; stops cleanly on SIGTERM.
    Daemon,
    /// Create a configuration file and an empty dataset with every file's header, or with
    /// --from, a configuration that reads the HR exports you have.
    Init {
        /// Directory to create (must not contain the files it would write).
        #[arg(required_unless_present = "from", conflicts_with = "from")]
        dir: Option<PathBuf>,
        /// Recognise the exports in DIR (CSV, Excel, OpenDocument) by their headers and values,
        /// and write the configuration that reads them as they are.
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
        /// With --from: the configuration file to write [default: werkt.toml].
        #[arg(long, value_name = "FILE", requires = "from", conflicts_with = "dir")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the configuration after defaults, file, environment and flags are applied.
    Show,
}

#[derive(Debug, Subcommand)]
pub enum PluginsAction {
    /// Name, version, ABI, file, sha256 and isolation of every configured plugin.
    List,
    /// A plugin's manifest: what it reads, its configuration keys with defaults, its metrics.
    Info { name: String },
    /// Load every configured plugin and report problems (exit 1 if any required one fails).
    Check,
}

#[derive(Debug, Args, Clone, Default)]
pub struct DataArgs {
    /// Organisation directory, or a directory of organisation directories; replaces
    /// `data.organisations` (repeatable).
    #[arg(long = "data", value_name = "DIR")]
    pub data: Vec<PathBuf>,
    /// Only this organisation id (repeatable).
    #[arg(long = "org", value_name = "ID")]
    pub orgs: Vec<String>,
    /// Only the organisations of shard I of N (by a stable hash of the id); also taken from
    /// WERKT_SHARD_INDEX/COUNT, JOB_COMPLETION_INDEX/COUNT or SLURM_ARRAY_TASK_ID/COUNT.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::shard::Shard>,
}

#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Report period; default: the last complete month in `schedule.timezone`.
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Option<Period>,
    /// Output directory; replaces `output.dir`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Render even when nothing changed since the last successful run.
    #[arg(long)]
    pub force: bool,
    /// Redo only the organisations whose last run of the period failed.
    #[arg(long)]
    pub retry_failed: bool,
    /// When another run holds the output directory's lock, wait for it instead of exiting 4.
    #[arg(long)]
    pub wait: bool,
    /// Organisations processed in parallel (default: `run.jobs`, else two per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args, Clone)]
pub struct BackfillArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// First period to compute.
    #[arg(long, value_name = "YYYY-MM")]
    pub from: Period,
    /// Last period to compute.
    #[arg(long, value_name = "YYYY-MM")]
    pub to: Period,
    /// Output directory (where the history store is by default); replaces `output.dir`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Recompute periods that history already has.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args, Clone)]
pub struct StatusArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The period to report on (default: the schedule's current period).
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Option<Period>,
    /// History store(s) to read, e.g. one per shard (default: `history.path`).
    #[arg(long = "history", value_name = "FILE")]
    pub history: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    Crontab,
    Systemd,
    Kubernetes,
}
