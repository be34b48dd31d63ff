//! Turning one organisation's metrics into its PDF: templates and fonts are prepared once per
//! run ([`Reporter::new`]) and shared by every organisation.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use werkt_core::config::Config;
use werkt_model::{Dataset, Language, MetricsFile};
use werkt_render::options::{DocumentOptions, FontOptions, Labels, Logo};
use werkt_render::{Renderer, color::Rgb};
use werkt_report::{ReportContext, Templates};

pub struct Reporter {
    templates: Templates,
    templates_dir: PathBuf,
    renderer: Renderer,
    logo: Option<Logo>,
    logo_path: Option<PathBuf>,
    accent: Rgb,
    language: Language,
    min_group_size: u64,
    /// `report.max_render_s`: the time one report may take, templating included.
    max_render_s: u64,
    title: Option<String>,
}

impl Reporter {
    pub fn new(config: &Config) -> Result<Reporter> {
        let r = &config.report;
        let dir = templates_dir(r.templates_dir.as_deref())?;
        let templates = Templates::load(&dir, &r.template).with_context(|| {
            format!(
                "cannot load the report template '{}' from {}",
                r.template,
                dir.display()
            )
        })?;
        // Fonts and the logo are read like data files: regular files only, and no larger than
        // data.max_file_mb, so a path set to a device or a FIFO is an error, not a hang.
        let read = |p: &Option<PathBuf>, what: &str| -> Result<Option<Vec<u8>>> {
            p.as_ref()
                .map(
                    |p| match werkt_core::ingest::read_limited(p, config.data.max_file_mb) {
                        Ok(Some(bytes)) => Ok(bytes),
                        Ok(None) => bail!("cannot read {what} {}: it does not exist", p.display()),
                        Err(message) => bail!("{what} {} {message}", p.display()),
                    },
                )
                .transpose()
        };
        let fonts = FontOptions {
            regular: read(&r.font, "report.font")?,
            bold: read(&r.font_bold, "report.font_bold")?,
            ..FontOptions::default()
        };
        let renderer = Renderer::new(&fonts).context("cannot use the report fonts")?;
        let logo = read(&r.logo, "report.logo")?
            .map(|b| Logo::from_bytes(&b))
            .transpose()
            .context("report.logo must be a PNG or JPEG image")?;
        let Some(accent) = Rgb::from_hex(&r.accent_color) else {
            bail!(
                "report.accent_color '{}' is not a colour like #1f5f8b",
                r.accent_color
            );
        };
        Ok(Reporter {
            templates,
            templates_dir: dir.join(&r.template),
            renderer,
            logo,
            logo_path: r.logo.clone(),
            accent,
            language: r.language,
            min_group_size: config.privacy.min_group_size,
            max_render_s: config.report.max_render_s,
            title: r.title.clone(),
        })
    }

    /// The template set's directory, whose contents are part of a report's inputs.
    pub fn templates_dir(&self) -> &Path {
        &self.templates_dir
    }

    /// The report of one organisation, or of one of its units when `unit` is given.
    pub fn render(
        &self,
        metrics: &MetricsFile,
        data: &Dataset,
        unit: Option<&str>,
        history: &[werkt_report::TrendPoint],
    ) -> Result<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(self.max_render_s);
        let mut ctx = ReportContext::new(metrics, self.language);
        ctx.min_group_size = self.min_group_size;
        ctx.organisation = data.organisation.clone();
        ctx.units = &data.units;
        ctx.unit_filter = unit.map(String::from);
        ctx.history = (!history.is_empty()).then_some(history);
        ctx.logo = self.logo_path.clone();
        ctx.subject_names = data
            .interventions
            .iter()
            .map(|i| (i.id.clone(), i.name.clone()))
            .collect();
        let markup = self
            .templates
            .render(&ctx)
            .context("the report template failed")?;
        let title = self
            .title
            .clone()
            .unwrap_or_else(|| format!("{} — {}", data.organisation.name, metrics.period));
        let opts = DocumentOptions {
            title: title.clone(),
            author: "werkt".into(),
            language: self.language.code().into(),
            logo: self.logo.clone(),
            accent: self.accent,
            header: title,
            footer: data.organisation.name.clone(),
            labels: match self.language {
                Language::En => Labels::english(),
                Language::Nl => Labels::dutch(),
            },
            deadline: Some(deadline),
            ..DocumentOptions::default()
        };
        self.renderer.render(&markup, &opts).map_err(|e| match e {
            werkt_render::RenderError::TimeLimit => anyhow::anyhow!(
                "the report took longer than report.max_render_s = {} s to lay out; raise it, or report on a part of the organisation",
                self.max_render_s
            ),
            e => anyhow::Error::new(e).context("cannot lay out the report"),
        })
    }
}

/// `report.templates_dir`, else the `templates/` shipped beside the executable, else the
/// workspace's (when run from a cargo build), else ./templates.
fn templates_dir(configured: Option<&Path>) -> Result<PathBuf> {
    if let Some(d) = configured {
        return Ok(d.to_path_buf());
    }
    let mut candidates = Vec::new();
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        candidates.push(exe_dir.join("templates"));
        // target/<profile>/werkt -> the workspace root
        if let Some(root) = exe_dir.parent().and_then(Path::parent) {
            candidates.push(root.join("templates"));
        }
    }
    candidates.push(PathBuf::from("templates"));
    candidates
        .iter()
        .find(|c| c.is_dir())
        .cloned()
        .with_context(|| {
            format!(
                "cannot find the report templates (looked in {}); set report.templates_dir",
                candidates
                    .iter()
                    .map(|c| c.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}
