use std::fmt::Write as _;
use std::path::Path;

use super::Invocation;
use crate::Schedule;

/// The parts of a CronJob that are about the cluster rather than the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubernetesOptions {
    /// Name of the CronJob; also the prefix of the ConfigMap (`<name>-config`, holding the
    /// configuration file) and the PersistentVolumeClaim (`<name>-data`, mounted at
    /// `/var/lib/werkt` for the data, the output and the history file).
    pub name: String,
    /// Container image with the werkt binary.
    pub image: String,
    /// How late a missed start may still begin. After a longer outage the next scheduled
    /// run catches up the missed periods itself, so a bounded deadline loses nothing.
    pub starting_deadline_seconds: u32,
}

impl Default for KubernetesOptions {
    fn default() -> Self {
        KubernetesOptions {
            name: "werkt".into(),
            image: format!("werkt:{}", env!("CARGO_PKG_VERSION")),
            starting_deadline_seconds: 6 * 3600,
        }
    }
}

/// A YAML double-quoted scalar; YAML's double-quoted style accepts JSON string escapes.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

/// A `batch/v1` CronJob running `werkt run --config …` on the schedule.
///
/// `spec.timeZone` (Kubernetes 1.27 and later) makes the cluster evaluate the expression in
/// the schedule's zone; `concurrencyPolicy: Forbid` never starts a run while the previous
/// one is still going (werkt's output lock would refuse it anyway); `backoffLimit: 0`
/// because a failed run is reported through `[notify]` and retried with `--retry-failed`,
/// not blindly repeated.
pub fn kubernetes(schedule: &Schedule, run: &Invocation, options: &KubernetesOptions) -> String {
    let config_dir = Path::new(&run.config)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "/etc/werkt".into());
    let name = &options.name;
    let mut command = String::new();
    for arg in run.args() {
        let _ = writeln!(command, "                - {}", q(arg));
    }
    format!(
        "# werkt monthly reports: '{cron}' in {tz} (werkt schedule --emit kubernetes)\n\
         apiVersion: batch/v1\n\
         kind: CronJob\n\
         metadata:\n\
         \x20 name: {qname}\n\
         spec:\n\
         \x20 schedule: {qcron}\n\
         \x20 timeZone: {qtz}\n\
         \x20 concurrencyPolicy: Forbid\n\
         \x20 startingDeadlineSeconds: {deadline}\n\
         \x20 successfulJobsHistoryLimit: 3\n\
         \x20 failedJobsHistoryLimit: 3\n\
         \x20 jobTemplate:\n\
         \x20   spec:\n\
         \x20     backoffLimit: 0\n\
         \x20     template:\n\
         \x20       spec:\n\
         \x20         restartPolicy: Never\n\
         \x20         containers:\n\
         \x20           - name: werkt\n\
         \x20             image: {image}\n\
         \x20             command:\n\
         {command}\
         \x20             volumeMounts:\n\
         \x20               - name: config\n\
         \x20                 mountPath: {config_dir}\n\
         \x20                 readOnly: true\n\
         \x20               - name: data\n\
         \x20                 mountPath: \"/var/lib/werkt\"\n\
         \x20         volumes:\n\
         \x20           - name: config\n\
         \x20             configMap:\n\
         \x20               name: {config_map}\n\
         \x20           - name: data\n\
         \x20             persistentVolumeClaim:\n\
         \x20               claimName: {claim}\n",
        cron = schedule.cron,
        tz = schedule.tz.name(),
        qname = q(name),
        qcron = q(schedule.cron.as_str()),
        qtz = q(schedule.tz.name()),
        deadline = options.starting_deadline_seconds,
        image = q(&options.image),
        config_dir = q(&config_dir),
        config_map = q(&format!("{name}-config")),
        claim = q(&format!("{name}-data")),
    )
}
