//! One module per subcommand. Shared here: loading the configuration the same way for every
//! command, and the choice of organisations a command works on.

mod config;
mod init;
mod plugins;
mod run;
mod validate;

use std::path::PathBuf;

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
        Command::Init { dir } => init::init(&dir),
        Command::Plugins { action } => plugins::plugins(&cli.global, action),
        Command::PluginHost => Ok(plugin_host()),
    }
}

/// Built-in defaults < `--config` file < `WERKT_*` environment; flags are applied by the
/// caller on the result, so they win over everything.
pub fn load_config(global: &GlobalArgs) -> Result<Config> {
    let opts = LoadOptions::new(global.config.clone()).with_process_env();
    Config::load(&opts).context("the configuration is not valid")
}

/// The organisation directories a data-reading command works on: `--data` replaces
/// `data.organisations`; `--org` and `--shard` select by id, read from organisation.toml alone
/// (a directory whose organisation.toml cannot be read is selected by its directory name, so
/// exactly one shard reports its problems).
pub fn organisations(config: &Config, args: &DataArgs) -> Result<Vec<PathBuf>> {
    let roots = if args.data.is_empty() {
        config.data.organisations.clone()
    } else {
        args.data.clone()
    };
    if roots.is_empty() {
        anyhow::bail!(
            "no organisations to read: set data.organisations in the configuration or pass --data DIR"
        );
    }
    let mut dirs = werkt_core::ingest::discover(&roots)?;
    let shard = Shard::resolve(args.shard, |k| std::env::var(k).ok())?;
    if args.orgs.is_empty() && shard.is_none() {
        return Ok(dirs);
    }
    dirs.retain(|dir| {
        let id = werkt_core::ingest::read_organisation(dir)
            .map(|o| o.id)
            .unwrap_or_else(|_| {
                dir.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
        (args.orgs.is_empty() || args.orgs.contains(&id)) && shard.is_none_or(|s| s.owns(&id))
    });
    if dirs.is_empty() && !args.orgs.is_empty() {
        anyhow::bail!(
            "none of the organisations found has the id {}",
            args.orgs.join(", ")
        );
    }
    if let Some(s) = shard {
        tracing::info!("shard {s}: {} organisation(s)", dirs.len());
    }
    Ok(dirs)
}

fn plugin_host() -> Exit {
    match werkt_host::serve_stdio() {
        code if code == std::process::ExitCode::SUCCESS => Exit::Ok,
        _ => Exit::Invalid,
    }
}
