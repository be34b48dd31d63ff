//! The host side of process isolation: plugin host processes and the pool that hands one to
//! each concurrent caller.

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use crate::failure::{FailureKind, PluginFailure};
use crate::frame::{self, FrameError};
use crate::resolve::Expected;
use crate::spec::{HostCommand, MEMORY_LIMIT_ENV};

/// What a plugin host reports after loading a library.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LoadedInfo {
    pub name: String,
    pub version: String,
    pub abi_major: u32,
    pub abi_minor: u32,
}

/// A reply frame: status (the plugin's `STATUS_*` or a host-side one) and payload.
pub type Reply = (u8, Vec<u8>);

/// One running plugin host process with one library loaded.
pub struct Connection {
    child: Child,
    stdin: Option<ChildStdin>,
    replies: Receiver<Result<Reply, FrameError>>,
}

impl Connection {
    /// Starts a plugin host and loads `library` into it; a failed load is `Err` with the
    /// plugin host's message (e.g. the ABI refusal).
    pub fn start(
        cmd: &HostCommand,
        plugin: &str,
        library: &Path,
        expected: &Expected,
        timeout: Duration,
        max_response_bytes: usize,
    ) -> Result<(Connection, LoadedInfo), PluginFailure> {
        let mut child = Command::new(&cmd.program)
            .args(&cmd.args)
            .envs(cmd.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| {
                let msg = format!(
                    "cannot start the plugin host {}: {e}",
                    cmd.program.display()
                );
                PluginFailure::new(plugin, FailureKind::Protocol, msg)
            })?;
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().expect("stdout was piped");
        let (tx, replies) = mpsc::channel();
        // Reading on a thread makes the timeout a plain `recv_timeout`, on every platform.
        std::thread::Builder::new()
            .name(format!("werkt-plugin-{plugin}"))
            .spawn(move || {
                loop {
                    match frame::read_frame(&mut stdout, max_response_bytes) {
                        Ok(Some(reply)) => {
                            if tx.send(Ok(reply)).is_err() {
                                break;
                            }
                        }
                        // A clean end is reported by dropping the sender (Disconnected).
                        Ok(None) => break,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            break;
                        }
                    }
                }
            })
            .map_err(|e| {
                PluginFailure::new(
                    plugin,
                    FailureKind::Protocol,
                    format!("cannot start a reader thread: {e}"),
                )
            })?;
        let mut conn = Connection {
            child,
            stdin,
            replies,
        };
        let load = frame::LoadRequest {
            path: library.to_string_lossy().into_owned(),
            expected: expected.clone(),
        };
        let load = serde_json::to_vec(&load).map_err(|e| {
            PluginFailure::new(
                plugin,
                FailureKind::Protocol,
                format!("cannot write the load request: {e}"),
            )
        })?;
        let (status, payload) = conn.call(plugin, frame::LOAD, &load, timeout, "load")?;
        if status != 0 {
            let kind = if status == frame::STATUS_REFUSED {
                FailureKind::Refused
            } else {
                FailureKind::Protocol
            };
            return Err(PluginFailure::new(
                plugin,
                kind,
                String::from_utf8_lossy(&payload),
            ));
        }
        let info: LoadedInfo = serde_json::from_slice(&payload).map_err(|e| {
            PluginFailure::new(
                plugin,
                FailureKind::Protocol,
                format!("the plugin host's load reply is not valid: {e}"),
            )
        })?;
        Ok((conn, info))
    }

    /// Sends one request and waits for its reply. Any `Err` leaves the process killed: the
    /// connection must then be dropped, and the next request starts a fresh process.
    pub fn call(
        &mut self,
        plugin: &str,
        kind: u8,
        payload: &[u8],
        timeout: Duration,
        what: &str,
    ) -> Result<Reply, PluginFailure> {
        let sent = match self.stdin.as_mut() {
            Some(stdin) => frame::write_frame(stdin, kind, payload),
            None => Err(std::io::Error::other("stdin already closed")),
        };
        if sent.is_err() {
            // The process is gone or going. Do not report yet: what it left on its stdout
            // (e.g. a wrong host command's usage text) and its exit status, which the reply
            // channel below yields at once, say more than "broken pipe".
            self.stdin = None;
        }
        match self.replies.recv_timeout(timeout) {
            Ok(Ok((kind, payload))) if kind & frame::REPLY != 0 => {
                Ok((kind & !frame::REPLY, payload))
            }
            Ok(Ok((kind, _))) => {
                self.kill_and_wait();
                let msg = format!(
                    "the plugin host sent a frame of unknown kind {kind:#04x} during {what}"
                );
                Err(PluginFailure::new(plugin, FailureKind::Protocol, msg))
            }
            Ok(Err(FrameError::TooLarge { len, max })) => {
                self.kill_and_wait();
                let msg = format!(
                    "its {what} response of {len} bytes exceeds the {max} bytes allowed \
                     (plugin_host.max_response_mb)"
                );
                Err(PluginFailure::new(plugin, FailureKind::TooLarge, msg))
            }
            Ok(Err(FrameError::Truncated)) | Err(RecvTimeoutError::Disconnected) => {
                let status = self.kill_and_wait();
                Err(crashed(plugin, what, status))
            }
            Ok(Err(e)) => {
                self.kill_and_wait();
                let msg = format!("the plugin host broke the protocol during {what}: {e}");
                Err(PluginFailure::new(plugin, FailureKind::Protocol, msg))
            }
            Err(RecvTimeoutError::Timeout) => {
                self.kill_and_wait();
                let msg = format!(
                    "{what} did not finish within {:.1} s (timeout); the plugin host was killed",
                    timeout.as_secs_f64()
                );
                Err(PluginFailure::new(plugin, FailureKind::Timeout, msg))
            }
        }
    }

    fn kill_and_wait(&mut self) -> Option<ExitStatus> {
        self.stdin = None;
        // Already exited is fine: kill then fails and wait returns the real status.
        let _ = self.child.kill();
        self.child.wait().ok()
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        // Closing stdin ends an idle plugin host cleanly; kill covers one that is stuck.
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn crashed(plugin: &str, what: &str, status: Option<ExitStatus>) -> PluginFailure {
    let how = status
        .map(describe_exit)
        .unwrap_or_else(|| "ended".to_string());
    PluginFailure::new(
        plugin,
        FailureKind::Crashed,
        format!("the plugin host process {how} during {what}"),
    )
}

/// "was killed by signal 11 (SIGSEGV)", "exited with status 101", ...
fn describe_exit(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let name = match sig {
                4 => " (SIGILL)",
                6 => " (SIGABRT, an abort)",
                7 => " (SIGBUS)",
                8 => " (SIGFPE)",
                9 => " (SIGKILL, e.g. out of memory)",
                11 => " (SIGSEGV, a segmentation fault)",
                _ => "",
            };
            return format!("was killed by signal {sig}{name}");
        }
    }
    match status.code() {
        Some(c) => format!("exited with status {c}"),
        None => format!("ended ({status})"),
    }
}

/// The plugin host processes of one plugin: idle connections wait here; a caller takes one
/// (or starts one) for its request and puts it back if it is still healthy. With rayon this
/// settles at one process per worker thread that runs the plugin.
pub struct ProcessPool {
    cmd: HostCommand,
    plugin: String,
    library: PathBuf,
    /// Checked by every plugin host process before it loads `library`.
    expected: Expected,
    timeout: Duration,
    max_response_bytes: usize,
    idle: Mutex<Vec<Connection>>,
    started: AtomicUsize,
}

impl ProcessPool {
    pub fn new(
        cmd: HostCommand,
        plugin: &str,
        library: PathBuf,
        expected: Expected,
        timeout: Duration,
        max_response_bytes: usize,
    ) -> Self {
        ProcessPool {
            cmd,
            plugin: plugin.to_string(),
            library,
            expected,
            timeout,
            max_response_bytes,
            idle: Mutex::new(Vec::new()),
            started: AtomicUsize::new(0),
        }
    }

    /// Starts a process and returns what it loaded; the connection joins the idle list.
    pub fn start(&self) -> Result<LoadedInfo, PluginFailure> {
        let (conn, info) = self.connect()?;
        self.put_back(conn);
        Ok(info)
    }

    fn connect(&self) -> Result<(Connection, LoadedInfo), PluginFailure> {
        self.started.fetch_add(1, Ordering::Relaxed);
        Connection::start(
            &self.cmd,
            &self.plugin,
            &self.library,
            &self.expected,
            self.timeout,
            self.max_response_bytes,
        )
        .map_err(|e| self.with_memory_limit(e))
    }

    /// A crash under a memory limit is most likely the limit (allocations fail, the plugin
    /// host aborts): the message says so and names the key that raises it.
    fn with_memory_limit(&self, mut failure: PluginFailure) -> PluginFailure {
        let limit = self
            .cmd
            .env
            .iter()
            .find(|(k, _)| k == MEMORY_LIMIT_ENV)
            .and_then(|(_, v)| v.to_str()?.parse::<u64>().ok());
        if let (FailureKind::Crashed, Some(bytes)) = (&failure.kind, limit) {
            let limit = if bytes % (1 << 20) == 0 {
                format!("{} MiB", bytes >> 20)
            } else {
                format!("{bytes} bytes")
            };
            failure.message.push_str(&format!(
                "; it may have run past its memory limit of {limit} (plugin_host.max_memory_mb)"
            ));
        }
        failure
    }

    fn put_back(&self, conn: Connection) {
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(conn);
    }

    /// One request on some healthy process; a failed process is dropped (killed), so the next
    /// request starts a new one.
    pub fn call(&self, kind: u8, payload: &[u8], what: &str) -> Result<Reply, PluginFailure> {
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut conn = match idle {
            Some(c) => c,
            None => self.connect()?.0,
        };
        let reply = conn
            .call(&self.plugin, kind, payload, self.timeout, what)
            .map_err(|e| self.with_memory_limit(e))?;
        self.put_back(conn);
        Ok(reply)
    }

    /// How many plugin host processes were started so far (restarts included).
    pub fn processes_started(&self) -> usize {
        self.started.load(Ordering::Relaxed)
    }

    /// Processes currently idle in the pool.
    pub fn idle_processes(&self) -> usize {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}
