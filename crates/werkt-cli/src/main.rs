//! `werkt`: a thin entry point. Parses the command line, sets up logging, hands the work to
//! the command modules and turns their outcome into an exit status a scheduler can act on.

mod cli;
mod commands;
mod exit;
mod inputs;
mod manifest;
mod output;
mod pipeline;
mod report;
mod shard;

use std::process::ExitCode;

use clap::Parser;

use crate::exit::Exit;

/// A report run allocates and frees many small strings and vectors (templates, layout, PDF
/// objects); the system allocator spent about a fifth of the CPU time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Ok.into()
            };
        }
    };
    init_logging(&cli.global);
    match commands::dispatch(cli) {
        Ok(exit) => exit.into(),
        // `werkt validate | head`: the reader is done; so is werkt.
        Err(e) if e.is::<commands::ClosedPipe>() => Exit::Ok.into(),
        Err(e) => {
            let exit = exit::classify(&e);
            eprintln!("error: {}", exit::message(&e));
            exit.into()
        }
    }
}

fn init_logging(g: &cli::GlobalArgs) {
    let default = match (g.quiet, g.verbose) {
        (true, _) => "error",
        (false, 0) => "info",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("WERKT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // Colours for a person at a terminal; none in a log file, a pipe or a cron mail.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .init();
}
