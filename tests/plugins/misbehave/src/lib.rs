//! A test plugin that misbehaves as its configuration says (`behaviour = "..."`), so the host's
//! isolation can be tested against real failures rather than mocks.

use std::io::Write;

use werkt_plugin::{AnalysisOutput, AnalysisRequest, Manifest, Metric, Plugin, PluginError};

struct Misbehave;

#[derive(Default, serde::Deserialize)]
struct Config {
    /// ok | error | panic | segfault | abort | exit | loop | sleep | garbage | nan | huge | hog
    /// | leak | duplicate | findings_flood | series_flood
    #[serde(default)]
    behaviour: Option<String>,
    /// Per organisation id, overriding `behaviour`: lets one loaded plugin fail for one
    /// request and work for the next.
    #[serde(default)]
    by_organisation: std::collections::HashMap<String, String>,
    /// For `sleep`: milliseconds.
    #[serde(default)]
    sleep_ms: u64,
    /// For `huge`: how many metrics to emit; for `findings_flood`: findings; for
    /// `series_flood`: points per series.
    #[serde(default)]
    count: usize,
    /// For `series_flood`: how many series (default 1).
    #[serde(default)]
    series: Option<usize>,
    /// For `leak`: a person's id the plugin writes into a finding, a warning and a series.
    #[serde(default)]
    person: String,
}

fn metric(unit: &str, value: f64) -> Metric {
    Metric {
        unit: unit.into(),
        subject: None,
        metric: "value".into(),
        value: Some(value),
        n: None,
        suppressed: false,
        as_of: None,
    }
}

impl Plugin for Misbehave {
    fn new() -> Self {
        Misbehave
    }

    fn manifest(&self) -> Manifest {
        Manifest {
            name: "test_misbehave".into(),
            version: "0.1.0".into(),
            description: "Misbehaves on request (test plugin).".into(),
            inputs: vec![],
            config: vec![],
            metrics: vec![],
        }
    }

    fn analyze(&self, request: &AnalysisRequest) -> Result<AnalysisOutput, PluginError> {
        let config: Config = werkt_plugin::read_config(request)?;
        let ok = || AnalysisOutput {
            metrics: vec![metric("org", 1.0)],
            ..Default::default()
        };
        let org = &request.data.organisation.id;
        let behaviour = config
            .by_organisation
            .get(org)
            .or(config.behaviour.as_ref());
        match behaviour.map(String::as_str).unwrap_or("ok") {
            "ok" => Ok(ok()),
            "error" => Err(PluginError::new("the data is not what I expected")),
            "panic" => panic!("deliberate panic in test_misbehave"),
            // SAFETY: none; crashing the process is the point of this behaviour.
            "segfault" => unsafe {
                std::ptr::null_mut::<u64>().write_volatile(1);
                Ok(ok())
            },
            "abort" => std::process::abort(),
            "exit" => std::process::exit(7),
            "loop" => {
                let mut x = 0u64;
                loop {
                    x = std::hint::black_box(x.wrapping_add(1));
                }
            }
            "sleep" => {
                std::thread::sleep(std::time::Duration::from_millis(config.sleep_ms));
                Ok(ok())
            }
            "garbage" => {
                // A plugin printing to stdout must not corrupt the plugin host protocol. This
                // starts like a frame ('W', 'A', then "1234" as a length), to be devious while
                // staying printable in test logs.
                let mut out = std::io::stdout();
                let _ = out.write_all(b"WA1234 garbage on stdout\n");
                let _ = out.flush();
                println!("more garbage");
                Ok(ok())
            }
            "nan" => Ok(AnalysisOutput {
                metrics: vec![metric("org", f64::NAN)],
                ..Default::default()
            }),
            "huge" => Ok(AnalysisOutput {
                metrics: (0..config.count)
                    .map(|i| metric(&format!("unit_{i}"), i as f64))
                    .collect(),
                ..Default::default()
            }),
            "hog" => {
                // Touches 4 GiB, one page at a time, as a memory leak would.
                let mut blocks: Vec<Vec<u8>> = Vec::new();
                for _ in 0..4096 {
                    let mut block = vec![0u8; 1 << 20];
                    block.iter_mut().step_by(4096).for_each(|b| *b = 1);
                    blocks.push(std::hint::black_box(block));
                }
                Ok(AnalysisOutput {
                    metrics: vec![metric("org", blocks.len() as f64)],
                    ..Default::default()
                })
            }
            // The same figure twice: metrics.json takes it, the history store refuses it.
            "duplicate" => Ok(AnalysisOutput {
                metrics: vec![metric("org", 1.0), metric("org", 1.0)],
                ..Default::default()
            }),
            // Ignores the privacy rule: a figure about one person, a suppressed figure with its
            // value still in it, and a person named in a finding, a warning and a series.
            "leak" => {
                let person = &config.person;
                Ok(AnalysisOutput {
                    metrics: vec![
                        Metric {
                            metric: "one_person".into(),
                            n: Some(1),
                            ..metric("org", 41.7)
                        },
                        Metric {
                            metric: "flagged".into(),
                            n: Some(1),
                            suppressed: true,
                            ..metric("org", 42.4)
                        },
                    ],
                    findings: vec![werkt_plugin::Finding {
                        unit: None,
                        severity: werkt_plugin::Severity::Alert,
                        text: format!("Employee {person} was sick for 43 days."),
                    }],
                    series: vec![werkt_plugin::Series {
                        key: "people".into(),
                        name: "Sick days".into(),
                        kind: Default::default(),
                        unit: None,
                        points: vec![werkt_plugin::Point {
                            x: person.clone(),
                            y: Some(43.0),
                        }],
                    }],
                    warnings: vec![format!("{person}: absence ignored")],
                })
            }
            // Output floods within the response size limit: many short findings, or series
            // with many points (each with its own label, as per-unit or per-day series have).
            "findings_flood" => Ok(AnalysisOutput {
                findings: (0..config.count)
                    .map(|i| werkt_plugin::Finding {
                        unit: None,
                        severity: werkt_plugin::Severity::Info,
                        text: format!("Finding number {i}."),
                    })
                    .collect(),
                ..ok()
            }),
            "series_flood" => Ok(AnalysisOutput {
                series: (0..config.series.unwrap_or(1))
                    .map(|k| werkt_plugin::Series {
                        key: "flood".into(),
                        name: format!("flood {k}"),
                        kind: Default::default(),
                        unit: None,
                        points: (0..config.count)
                            .map(|i| werkt_plugin::Point {
                                x: format!("p{i}"),
                                y: Some(i as f64),
                            })
                            .collect(),
                    })
                    .collect(),
                ..ok()
            }),
            other => Err(PluginError::new(format!("unknown behaviour '{other}'"))),
        }
    }
}

werkt_plugin::export_plugin!(Misbehave);
