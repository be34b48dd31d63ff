//! Notifications: a shell command fed the summary, and a webhook against a local listener.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use werkt_schedule::{FailedOrg, NotifyError, RunSummary, notify, webhook};

fn summary() -> RunSummary {
    let mut s = RunSummary::new("2026-10".parse().unwrap());
    s.done.push("acme".into());
    s.skipped.push("beta".into());
    s.failed.push(FailedOrg {
        organisation: "gamma".into(),
        error: "plugin absence crashed".into(),
    });
    s
}

#[test]
fn the_summary_json_has_the_documented_shape() {
    let json: serde_json::Value = serde_json::from_slice(&summary().to_json()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "period": "2026-10",
            "done": ["acme"],
            "skipped": ["beta"],
            "failed": [{"organisation": "gamma", "error": "plugin absence crashed"}],
        })
    );
}

#[test]
fn empty_output_never_counts_as_success() {
    let mut s = RunSummary::new("2026-10".parse().unwrap());
    assert!(!s.is_success());
    s.skipped.push("beta".into());
    assert!(s.is_success());
    assert!(!summary().is_success(), "a failure is not success");
}

#[test]
fn the_command_reads_the_summary_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("got.json");
    let json = summary().to_json();
    let status = notify(
        &format!("cat > '{}'", out.display()),
        &json,
        Duration::from_secs(10),
    )
    .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(&out).unwrap(), json);
}

#[test]
fn a_failing_command_reports_its_exit_status() {
    let err = notify("exit 3", b"{}", Duration::from_secs(10)).unwrap_err();
    match &err {
        NotifyError::Failed { status, cmd } => {
            assert_eq!(status.code(), Some(3));
            assert_eq!(cmd, "exit 3");
        }
        other => panic!("expected Failed, got {other}"),
    }
    assert!(err.to_string().contains("exit status: 3"), "{err}");
}

#[test]
fn a_command_that_ignores_its_input_is_fine() {
    // More than a pipe buffer of JSON, never read.
    let big = vec![b' '; 1 << 20];
    notify("true", &big, Duration::from_secs(10)).unwrap();
}

#[test]
fn a_hung_command_is_killed_at_the_timeout() {
    let start = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("still-running");
    // The command starts a grandchild; the timeout must end it too, or it would write the
    // marker a second later.
    let cmd = format!("(sleep 1; touch '{}') & wait", marker.display());
    let err = notify(&cmd, b"{}", Duration::from_millis(300)).unwrap_err();
    assert!(matches!(err, NotifyError::TimedOut { .. }), "{err}");
    assert!(start.elapsed() < Duration::from_secs(1));
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !marker.exists(),
        "a process the command started survived the timeout"
    );
}

/// Serves one HTTP request on 127.0.0.1 with `status`, returning what it received.
fn one_request_server(status: &str) -> (String, std::thread::JoinHandle<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let status = status.to_string();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            head.push_str(&line);
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        let length: usize = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse().unwrap())
            })
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        (head, body)
    });
    (url, handle)
}

#[test]
fn the_webhook_posts_the_json() {
    let (url, server) = one_request_server("204 No Content");
    let json = summary().to_json();
    assert_eq!(webhook(&url, &json, Duration::from_secs(10)).unwrap(), 204);
    let (head, body) = server.join().unwrap();
    assert!(head.starts_with("POST /hook HTTP/1.1\r\n"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    assert_eq!(body, json);
}

#[test]
fn a_webhook_error_status_is_an_error() {
    let (url, server) = one_request_server("500 Internal Server Error");
    let err = webhook(&url, b"{}", Duration::from_secs(10)).unwrap_err();
    assert!(
        matches!(err, NotifyError::WebhookStatus { status: 500, .. }),
        "{err}"
    );
    assert!(err.to_string().contains(&url), "{err}");
    server.join().unwrap();
}

#[test]
fn an_unreachable_webhook_is_an_error_naming_the_url() {
    // Bind and drop to get a port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let err = webhook(&url, b"{}", Duration::from_secs(5)).unwrap_err();
    assert!(matches!(err, NotifyError::Webhook { .. }), "{err}");
    assert!(err.to_string().contains(&url), "{err}");
}
