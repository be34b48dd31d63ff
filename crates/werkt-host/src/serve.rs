//! The plugin host process: the child side of process isolation.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::frame::{self, REPLY};
use crate::library::{Library, OpenError};
use crate::spec::MEMORY_LIMIT_ENV;

/// Serves one plugin over stdin/stdout until stdin closes (docs/plugin-abi.md, "Process
/// isolation"). `werkt plugin-host` calls this; so does the `werkt-plugin-host` binary.
///
/// Before anything else, the real stdout is moved aside and fd 1 pointed at stderr, so a
/// plugin that prints cannot corrupt the protocol; its output lands in werkt's stderr.
pub fn serve_stdio() -> ExitCode {
    let mut out = match protocol_output() {
        Ok(out) => out,
        Err(e) => {
            eprintln!("werkt plugin-host: cannot set up stdout: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = limit_resources() {
        eprintln!("werkt plugin-host: cannot apply the memory limit: {e}");
        return ExitCode::FAILURE;
    }
    let mut input = io::stdin().lock();
    let mut library: Option<Library> = None;
    loop {
        let (kind, payload) = match frame::read_frame(&mut input, frame::MAX_REQUEST_BYTES) {
            Ok(Some(f)) => f,
            Ok(None) => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("werkt plugin-host: {e}");
                return ExitCode::FAILURE;
            }
        };
        let (status, bytes) = handle(&mut library, kind, &payload);
        if let Err(e) = frame::write_frame(&mut out, REPLY | status, &bytes) {
            eprintln!("werkt plugin-host: cannot reply: {e}");
            return ExitCode::FAILURE;
        }
    }
}

/// Executes one request; returns the reply status and payload.
fn handle(library: &mut Option<Library>, kind: u8, payload: &[u8]) -> (u8, Vec<u8>) {
    match (kind, library.as_ref()) {
        (frame::LOAD, None) => {
            let load: frame::LoadRequest = match serde_json::from_slice(payload) {
                Ok(l) => l,
                Err(e) => {
                    let msg = format!("the load request is not valid: {e}");
                    return (frame::STATUS_PROTOCOL, msg.into_bytes());
                }
            };
            // The pin is checked here, in every plugin host, not only at the run's first load.
            match Library::open_verified(Path::new(&load.path), &load.expected) {
                Ok(lib) => {
                    let info = serde_json::json!({
                        "name": lib.name,
                        "version": lib.version,
                        "abi_major": lib.abi_major,
                        "abi_minor": lib.abi_minor,
                    });
                    *library = Some(lib);
                    (0, info.to_string().into_bytes())
                }
                Err(OpenError::Refused(m)) => (frame::STATUS_REFUSED, m.into_bytes()),
                Err(OpenError::Failed(m)) => (frame::STATUS_LOAD_FAILED, m.into_bytes()),
            }
        }
        (frame::DESCRIBE, Some(lib)) => reply(lib.describe(usize::MAX)),
        (frame::ANALYZE, Some(lib)) => reply(lib.analyze(payload, usize::MAX)),
        _ => {
            let msg = format!(
                "unexpected frame kind {kind:#04x} (library loaded: {})",
                library.is_some()
            );
            (frame::STATUS_PROTOCOL, msg.into_bytes())
        }
    }
}

fn reply(r: Result<Vec<u8>, crate::library::CallError>) -> (u8, Vec<u8>) {
    match r {
        Ok(bytes) => (0, bytes),
        // Plugin status codes are small (docs/plugin-abi.md); anything else is reported as is
        // by the host via its message.
        Err(e) => (
            u8::try_from(e.status)
                .ok()
                .filter(|s| *s < 0x10)
                .unwrap_or(frame::STATUS_PROTOCOL),
            e.message.into_bytes(),
        ),
    }
}

/// The channel replies go to: the original stdout, after fd 1 has been redirected to stderr.
#[cfg(unix)]
fn protocol_output() -> io::Result<Box<dyn Write>> {
    use std::os::fd::FromRawFd;
    io::stdout().flush()?;
    // SAFETY: plain descriptor calls on fds 1 and 2, which exist in a process started with
    // piped stdio; the duplicate is owned by the returned File alone.
    unsafe {
        let saved = libc::dup(1);
        if saved < 0 {
            return Err(io::Error::last_os_error());
        }
        if libc::dup2(2, 1) < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Box::new(std::fs::File::from_raw_fd(saved)))
    }
}

/// Elsewhere stdout is used as is: a plugin printing to stdout there breaks its own host
/// process, which the host reports as a protocol error and restarts.
#[cfg(not(unix))]
fn protocol_output() -> io::Result<Box<dyn Write>> {
    Ok(Box::new(io::stdout()))
}

/// Makes this process the first choice of the kernel's OOM killer (so a plugin that eats the
/// machine's memory dies before werkt does) and applies the memory limit the host passed in
/// [`MEMORY_LIMIT_ENV`]: past it, allocations fail and the plugin host aborts, which the host
/// reports as a crash of that one analysis.
#[cfg(unix)]
fn limit_resources() -> io::Result<()> {
    // Raising one's own OOM score needs no privilege; where /proc is absent this is moot.
    let _ = std::fs::write("/proc/self/oom_score_adj", "1000");
    let Some(value) = std::env::var_os(MEMORY_LIMIT_ENV) else {
        return Ok(());
    };
    let bytes: u64 = value
        .to_str()
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{MEMORY_LIMIT_ENV}={value:?} is not a number of bytes"),
            )
        })?;
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass; lowering a limit needs no privilege.
    if unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// No portable address-space limit elsewhere; the variable is ignored.
#[cfg(not(unix))]
fn limit_resources() -> io::Result<()> {
    Ok(())
}
