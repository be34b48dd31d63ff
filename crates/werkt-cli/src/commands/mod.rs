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
/// `data.organisations`.
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
    Ok(werkt_core::ingest::discover(&roots)?)
}

/// `--org` keeps only the named organisations; without it every one is wanted.
pub fn wanted(args: &DataArgs, id: &str) -> bool {
    args.orgs.is_empty() || args.orgs.iter().any(|o| o == id)
}

fn plugin_host() -> Exit {
    match werkt_host::serve_stdio() {
        code if code == std::process::ExitCode::SUCCESS => Exit::Ok,
        _ => Exit::Invalid,
    }
}
