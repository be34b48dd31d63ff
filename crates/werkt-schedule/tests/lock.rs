//! The output lock between two handles of one process and between two processes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use werkt_schedule::{LockError, OutputLock};

#[test]
fn a_second_handle_is_refused_and_told_who_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let first = OutputLock::acquire(dir.path(), false).unwrap();
    let err = OutputLock::acquire(dir.path(), false).unwrap_err();
    match &err {
        LockError::Held {
            pid,
            since,
            dir: held,
        } => {
            assert_eq!(*pid, Some(std::process::id()));
            let age = chrono::Utc::now() - since.expect("the holder wrote its start time");
            assert!(
                age >= chrono::Duration::zero() && age < chrono::Duration::minutes(1),
                "{since:?}"
            );
            assert_eq!(held, dir.path());
        }
        other => panic!("expected Held, got {other}"),
    }
    assert!(
        err.to_string()
            .contains(&format!("pid {}", std::process::id())),
        "{err}"
    );
    assert!(err.to_string().contains("--wait"), "{err}");
    drop(first);
    // Released on drop: the next run gets it.
    let again = OutputLock::acquire(dir.path(), false).unwrap();
    assert!(again.path().ends_with(".werkt.lock"));
}

#[test]
fn waiting_queues_behind_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let first = OutputLock::acquire(dir.path(), false).unwrap();
    let start = Instant::now();
    let holder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(first);
    });
    let second = OutputLock::acquire(dir.path(), true).unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(300),
        "the waiter got the lock before the holder let go"
    );
    holder.join().unwrap();
    drop(second);
}

#[test]
fn a_missing_directory_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("not-there");
    let err = OutputLock::acquire(&missing, false).unwrap_err();
    assert!(matches!(err, LockError::Io { .. }), "{err}");
    assert!(err.to_string().contains("not-there"), "{err}");
}

/// Run by `another_process_holds_the_lock_until_it_dies` in a child process: takes the lock
/// on the directory it is given, says so, and waits to be killed.
#[test]
#[ignore = "helper run in a child process by another test"]
fn lock_holder_child() {
    let Some(dir) = std::env::var_os("WERKT_LOCK_TEST_DIR") else {
        return;
    };
    let _lock = OutputLock::acquire(Path::new(&dir), false).unwrap();
    println!("locked");
    std::thread::sleep(Duration::from_secs(30));
}

#[test]
fn another_process_holds_the_lock_until_it_dies() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "lock_holder_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("WERKT_LOCK_TEST_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let locked = lines.any(|l| l.is_ok_and(|l| l.contains("locked")));
    assert!(locked, "the child did not take the lock");

    let err = OutputLock::acquire(dir.path(), false).unwrap_err();
    match err {
        LockError::Held { pid, .. } => assert_eq!(pid, Some(child.id())),
        other => panic!("expected Held, got {other}"),
    }
    // Killed, not dropped: the kernel releases the lock with the process.
    child.kill().unwrap();
    child.wait().unwrap();
    OutputLock::acquire(dir.path(), false).unwrap();
}
