//! Exit statuses, the contract with cron, systemd and CI: 0 ok, 1 invalid input or
//! configuration, 2 usage, 3 partly failed, 4 another run holds the lock.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Invalid = 1,
    Usage = 2,
    Partial = 3,
    Locked = 4,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

impl Exit {
    /// The status of two runs together (periods of a catch-up): equal stays, and any mix with
    /// a failure is a partial failure.
    pub fn combine(self, other: Exit) -> Exit {
        match (self, other) {
            (a, b) if a == b => a,
            (Exit::Ok, b) => b,
            (a, Exit::Ok) => a,
            _ => Exit::Partial,
        }
    }
}

/// An error that ends the command with a status other than 1.
#[derive(Debug)]
pub struct WithExit {
    pub exit: Exit,
    pub message: String,
}

impl std::fmt::Display for WithExit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WithExit {}

/// Errors are invalid input or configuration (1) unless they say otherwise.
pub fn classify(e: &anyhow::Error) -> Exit {
    e.chain()
        .find_map(|c| c.downcast_ref::<WithExit>())
        .map_or(Exit::Invalid, |w| w.exit)
}

/// The error and its causes on one line. Many errors already print their cause in their own
/// message; a cause whose text is already there is not repeated.
pub fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}
