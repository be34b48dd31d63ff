//! The rules a loaded configuration must satisfy beyond its types.

use werkt_model::Privacy;

use super::error::InvalidValue;
use super::{Config, DecimalSeparator, EndDate, FteScale, ThousandsSeparator};
use crate::tables::{self, scale_of};

/// The lowest `max_memory_mb` accepted: below it a plugin host (the werkt executable, its
/// libraries and the plugin's) may fail to start at all, which would read as a broken plugin.
const MIN_MEMORY_MB: u64 = 256;

/// Every broken rule, each naming its key; `origin` tells where a key was last set.
pub(crate) fn check(c: &Config, origin: &dyn Fn(&str) -> Option<String>) -> Vec<InvalidValue> {
    let mut out = Vec::new();
    let mut bad = |key: String, message: String| {
        let source = origin(&key);
        out.push(InvalidValue {
            key,
            source,
            message,
        });
    };

    if c.privacy.min_group_size < Privacy::FLOOR {
        bad(
            "privacy.min_group_size".into(),
            format!(
                "is {}, but must be at least {}: smaller groups would make individual answers and sick leave recognisable",
                c.privacy.min_group_size,
                Privacy::FLOOR
            ),
        );
    }
    if c.data.max_units == 0 {
        bad("data.max_units".into(), "must be at least 1".into());
    }
    if c.data.max_file_mb == 0 {
        bad("data.max_file_mb".into(), "must be at least 1".into());
    }
    if c.data.max_errors == 0 {
        bad("data.max_errors".into(), "must be at least 1".into());
    }

    for (prefix, [lo, hi]) in &c.data.survey.scales {
        let key = format!("data.survey.scales.{prefix}");
        if prefix.is_empty()
            || !prefix
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
        {
            bad(
                key.clone(),
                "a scale prefix is lowercase letters, digits and '_' (e.g. uwes_)".into(),
            );
        }
        if i32::try_from(*lo).is_err() || i32::try_from(*hi).is_err() {
            bad(
                key.clone(),
                format!(
                    "[{lo}, {hi}] is outside the answers werkt can hold (whole numbers of 32 bits)"
                ),
            );
        }
        if lo > hi {
            bad(
                key,
                format!(
                    "the lowest answer {lo} is above the highest {hi}; write [lowest, highest]"
                ),
            );
        }
    }

    for spec in tables::TABLES {
        let Some(mapping) = c.data.columns.table(spec.name) else {
            continue;
        };
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (ours, headers) in mapping {
            let key = format!("data.columns.{}.{ours}", spec.name);
            let is_item = spec.has_items && scale_of(ours, &c.data.survey.scales).is_some();
            if !spec.knows(ours) && !is_item {
                let mut known: Vec<String> = spec.columns().map(String::from).collect();
                if spec.has_items {
                    known.push(
                        "item columns starting with a scale prefix from [data.survey.scales]"
                            .into(),
                    );
                }
                bad(
                    key.clone(),
                    format!(
                        "{} has no column `{ours}`; its columns are {}",
                        spec.file,
                        known.join(", ")
                    ),
                );
            }
            for header in headers.iter() {
                if header.trim().is_empty() {
                    bad(key.clone(), "the header must not be empty".into());
                }
                if let Some((other, _)) = seen
                    .iter()
                    .find(|(_, h)| h.trim().eq_ignore_ascii_case(header.trim()))
                {
                    bad(
                        key.clone(),
                        format!("header \"{header}\" is already mapped to `{other}`"),
                    );
                }
                seen.push((ours, header));
            }
        }
        profile(&spec, c, &mut bad);
    }

    if !tables::is_id(&c.report.template) {
        bad(
            "report.template".into(),
            format!(
                "\"{}\" is not a template name ([a-z0-9][a-z0-9_-]*)",
                c.report.template
            ),
        );
    }
    let color = c.report.accent_color.as_str();
    if !(color.len() == 7
        && color.starts_with('#')
        && color[1..].chars().all(|ch| ch.is_ascii_hexdigit()))
    {
        bad(
            "report.accent_color".into(),
            format!("\"{color}\" is not a colour written as #rrggbb"),
        );
    }
    if c.report.max_render_s == 0 {
        bad(
            "report.max_render_s".into(),
            "must be at least 1 second".into(),
        );
    }

    if c.plugin_host.timeout_s == 0 {
        bad(
            "plugin_host.timeout_s".into(),
            "must be at least 1 second".into(),
        );
    }
    if c.plugin_host.max_response_mb == 0 {
        bad(
            "plugin_host.max_response_mb".into(),
            "must be at least 1".into(),
        );
    }
    let memory = |key: String, mb: u64, bad: &mut dyn FnMut(String, String)| {
        if mb < MIN_MEMORY_MB {
            bad(
                key,
                format!(
                    "must be at least {MIN_MEMORY_MB} (MiB): a plugin host needs that much address space to start"
                ),
            );
        }
    };
    memory(
        "plugin_host.max_memory_mb".into(),
        c.plugin_host.max_memory_mb,
        &mut bad,
    );
    for (key, v) in [
        ("max_findings", c.plugin_host.max_findings),
        ("max_finding_chars", c.plugin_host.max_finding_chars),
        ("max_series", c.plugin_host.max_series),
        ("max_series_points", c.plugin_host.max_series_points),
    ] {
        if v == 0 {
            bad(format!("plugin_host.{key}"), "must be at least 1".into());
        }
    }
    for (name, p) in &c.plugins {
        if !tables::is_id(name) {
            bad(
                format!("plugins.{name}"),
                "a plugin name is [a-z0-9][a-z0-9_-]*".into(),
            );
        }
        if let Some(sha) = &p.sha256
            && !(sha.len() == 64 && sha.chars().all(|ch| ch.is_ascii_hexdigit()))
        {
            bad(
                format!("plugins.{name}.sha256"),
                "must be 64 hexadecimal digits (a SHA-256 checksum)".into(),
            );
        }
        if p.timeout_s == Some(0) {
            bad(
                format!("plugins.{name}.timeout_s"),
                "must be at least 1 second".into(),
            );
        }
        if let Some(mb) = p.max_memory_mb {
            memory(format!("plugins.{name}.max_memory_mb"), mb, &mut bad);
        }
    }

    if c.schedule.cron.split_whitespace().count() != 5 {
        bad(
            "schedule.cron".into(),
            format!(
                "\"{}\" is not a cron expression of five fields (minute hour day month weekday)",
                c.schedule.cron
            ),
        );
    }
    if c.schedule.timezone.parse::<chrono_tz::Tz>().is_err() {
        bad(
            "schedule.timezone".into(),
            format!(
                "\"{}\" is not a time zone name such as Europe/Amsterdam",
                c.schedule.timezone
            ),
        );
    }

    if let Some(url) = &c.notify.webhook
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        bad(
            "notify.webhook".into(),
            format!("\"{url}\" is not an http:// or https:// URL"),
        );
    }
    for (key, cmd) in [
        ("notify.on_failure", &c.notify.on_failure),
        ("notify.on_success", &c.notify.on_success),
    ] {
        if cmd.as_deref().is_some_and(|s| s.trim().is_empty()) {
            bad(
                key.into(),
                "is empty; leave the key out for no command".into(),
            );
        }
    }
    if c.run.jobs == Some(0) {
        bad(
            "run.jobs".into(),
            "must be at least 1 (leave it out to use every core)".into(),
        );
    }
    out
}

/// The rules of one table's input profile (`[data.<table>]`).
fn profile(spec: &tables::TableSpec, c: &Config, bad: &mut impl FnMut(String, String)) {
    let Some(p) = c.data.profile(spec.name) else {
        return;
    };
    let key = |k: &str| format!("data.{}.{k}", spec.name);
    for pattern in &p.file {
        if let Err(e) = crate::ingest::FilePattern::new(pattern) {
            bad(key("file"), e);
        }
    }
    if p.sheet.as_deref().is_some_and(|s| s.trim().is_empty()) {
        bad(
            key("sheet"),
            "must not be empty; leave it out for the first sheet".into(),
        );
    }
    if p.header_row == Some(0) {
        bad(key("header_row"), "rows are counted from 1".into());
    }
    if let Err(e) = crate::ingest::DateFormat::parse(&p.date_format) {
        bad(key("date_format"), e);
    }
    let clash = matches!(
        (p.decimal_separator, p.thousands_separator),
        (DecimalSeparator::Point, ThousandsSeparator::Point)
            | (DecimalSeparator::Comma, ThousandsSeparator::Comma)
    );
    if clash {
        bad(
            key("thousands_separator"),
            "is the same as data.*.decimal_separator; a number needs two different separators (e.g. \".\" and \",\" for 12.500,00)".replace("*", spec.name),
        );
    }
    if p.fte_scale != FteScale::default() && spec.name != "employees" {
        bad(
            key("fte_scale"),
            "only data.employees has an fte column".into(),
        );
    }
    if p.end_date != EndDate::default() && !matches!(spec.name, "employees" | "absence") {
        bad(
            key("end_date"),
            "only data.employees and data.absence have an end_date column".into(),
        );
    }
    if !p.scales.is_empty() && spec.name != "survey" {
        bad(
            key("scales"),
            "only the survey has answer scales; write them under [data.survey.scales]".into(),
        );
    }
    for (column, map) in &p.values {
        let k = format!("data.{}.values.{column}", spec.name);
        if !spec.knows(column) {
            bad(
                k.clone(),
                format!(
                    "{} has no column `{column}`; its columns are {}",
                    spec.name,
                    spec.columns().collect::<Vec<_>>().join(", ")
                ),
            );
        }
        for theirs in map.keys() {
            if theirs.trim().is_empty() {
                bad(k.clone(), "a value to map must not be empty".into());
            }
        }
    }
    for header in &p.ignore {
        if header.trim().is_empty() {
            bad(key("ignore"), "a header to ignore must not be empty".into());
        }
    }
}
