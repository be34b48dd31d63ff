//! One run per output directory.
//!
//! An OS file lock (`flock` on Unix, `LockFileEx` on Windows, through std's `File::try_lock`)
//! on `<dir>/.werkt.lock`. The kernel releases it when the file is closed: on drop, and also
//! when the process dies however it dies, so a crash never leaves a stale lock behind. The
//! file holds the holder's pid and start time, only to say who holds it; the file itself
//! is never deleted, because deleting a lock file lets a third process lock a new file
//! while the second still waits on the old one.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

/// Name of the lock file inside the output directory.
pub const LOCK_FILE: &str = ".werkt.lock";

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another werkt run{} is writing to {dir}{}; wait for it, or pass --wait to queue behind it",
        pid.map(|p| format!(" (pid {p})")).unwrap_or_default(),
        since.map(|s| format!(" since {}", s.to_rfc3339_opts(SecondsFormat::Secs, true))).unwrap_or_default()
    )]
    Held {
        dir: PathBuf,
        /// Unknown when the holder has not written it yet (it just took the lock).
        pid: Option<u32>,
        since: Option<DateTime<Utc>>,
    },
    #[error("cannot lock the output directory {dir} ({path}): {source}")]
    Io {
        dir: PathBuf,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Held while a run writes to an output directory; dropping it releases the lock.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Locks `dir` (which must exist). With `wait`, blocks until the current holder is done;
    /// without, fails at once with [`LockError::Held`] naming the holder.
    pub fn acquire(dir: &Path, wait: bool) -> Result<OutputLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let io = |source| LockError::Io {
            dir: dir.to_path_buf(),
            path: path.clone(),
            source,
        };
        // Not truncated on open: the holder's pid must survive until we hold the lock.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if wait => file.lock().map_err(io)?,
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                // Best effort: the holder may not have written its pid yet.
                let _ = file.read_to_string(&mut text);
                let mut lines = text.lines();
                let pid = lines.next().and_then(|l| l.trim().parse().ok());
                let since = lines
                    .next()
                    .and_then(|l| DateTime::parse_from_rfc3339(l.trim()).ok())
                    .map(|t| t.with_timezone(&Utc));
                return Err(LockError::Held {
                    dir: dir.to_path_buf(),
                    pid,
                    since,
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let stamp = format!(
            "{}\n{}\n",
            std::process::id(),
            Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
        );
        file.set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(stamp.as_bytes()))
            .and_then(|()| file.flush())
            .map_err(io)?;
        Ok(OutputLock { file, path })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Closing the file releases the lock; unlocking first only makes it explicit.
        let _ = self.file.unlock();
    }
}
