//! Ready-to-install units that run `werkt run` on the schedule: a crontab line, a systemd
//! service + timer pair, and a Kubernetes CronJob. Each text says in a comment which cron
//! expression and time zone it came from, so an installed unit can be traced back.

mod crontab;
mod kubernetes;
mod systemd;

pub use crontab::crontab;
pub use kubernetes::{KubernetesOptions, kubernetes};
pub use systemd::{SystemdUnits, on_calendar, systemd};

/// What the unit runs: `<werkt> run --config <config>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// Path of the werkt binary (absolute: cron and systemd do not search the user's PATH).
    pub werkt: String,
    /// Path of the configuration file.
    pub config: String,
}

impl Invocation {
    pub fn new(werkt: impl Into<String>, config: impl Into<String>) -> Invocation {
        Invocation {
            werkt: werkt.into(),
            config: config.into(),
        }
    }

    /// The argument vector, unquoted.
    pub fn args(&self) -> [&str; 4] {
        [&self.werkt, "run", "--config", &self.config]
    }
}

/// Quotes `arg` for a POSIX shell only when it needs it, so common paths stay readable.
pub(crate) fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+=:@,".contains(&b));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}
