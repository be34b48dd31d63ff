//! Telling someone how a run went: a shell command with the JSON summary on standard input,
//! and an HTTP POST of the same JSON to a webhook.

use std::io::Write;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use werkt_model::Period;

/// One organisation that failed, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedOrg {
    pub organisation: String,
    pub error: String,
}

/// The JSON a notification carries: which organisations were done, skipped (inputs
/// unchanged) and failed for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub period: Period,
    pub done: Vec<String>,
    pub skipped: Vec<String>,
    pub failed: Vec<FailedOrg>,
}

impl RunSummary {
    pub fn new(period: Period) -> RunSummary {
        RunSummary {
            period,
            done: Vec::new(),
            skipped: Vec::new(),
            failed: Vec::new(),
        }
    }

    /// Success means nothing failed *and* something was covered: a run that processed no
    /// organisation at all (empty configuration, every shard empty) is not a success.
    pub fn is_success(&self) -> bool {
        self.failed.is_empty() && !(self.done.is_empty() && self.skipped.is_empty())
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("a summary always serializes")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("cannot start the notify command `{cmd}`: {source}")]
    Spawn {
        cmd: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the notify command `{cmd}` failed: {status}")]
    Failed { cmd: String, status: ExitStatus },
    #[error("the notify command `{cmd}` did not finish within {secs} s and was killed")]
    TimedOut { cmd: String, secs: u64 },
    #[error("webhook {url} failed: {reason}")]
    Webhook { url: String, reason: String },
    #[error("webhook {url} answered HTTP {status}")]
    WebhookStatus { url: String, status: u16 },
}

/// Runs `cmd` with `sh -c`, writing `summary_json` to its standard input, and waits at most
/// `timeout` (a hung notifier must not hold up the daemon). Its output goes where werkt's
/// goes, into the same log. Returns the exit status on success (exit 0).
pub fn notify(
    cmd: &str,
    summary_json: &[u8],
    timeout: Duration,
) -> Result<ExitStatus, NotifyError> {
    let mut command = Command::new("sh");
    command.arg("-c").arg(cmd).stdin(Stdio::piped());
    // Its own process group, so a timeout kills what the command started too, not only sh.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().map_err(|source| NotifyError::Spawn {
        cmd: cmd.to_string(),
        source,
    })?;
    // Written from a thread so a command that reads its input late (or never) cannot block
    // the timeout; a command that exits without reading gets EPIPE, which is not an error.
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let json = summary_json.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&json);
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                kill_group(&mut child);
                let _ = child.wait();
                return Err(NotifyError::TimedOut {
                    cmd: cmd.to_string(),
                    secs: timeout.as_secs(),
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(source) => {
                return Err(NotifyError::Spawn {
                    cmd: cmd.to_string(),
                    source,
                });
            }
        }
    };
    let _ = writer.join();
    if status.success() {
        Ok(status)
    } else {
        Err(NotifyError::Failed {
            cmd: cmd.to_string(),
            status,
        })
    }
}

/// POSTs `json` to `url` (http or https) with `Content-Type: application/json`, giving up
/// after `timeout`. Any 2xx answer is success; the status is returned.
pub fn webhook(url: &str, json: &[u8], timeout: Duration) -> Result<u16, NotifyError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(json)
        .map_err(|e| NotifyError::Webhook {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        Ok(status)
    } else {
        Err(NotifyError::WebhookStatus {
            url: url.to_string(),
            status,
        })
    }
}

/// Kills the command and everything in its process group.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group `pid`, which
        // `process_group(0)` made the child's own; it touches no memory of ours.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
}
