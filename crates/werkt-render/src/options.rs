//! What a caller tells the renderer: fonts (prepared once per [`crate::Renderer`]) and
//! the per-document options (metadata, paper, logo, accent colour, header, labels).

use std::sync::Arc;

use crate::{color::Rgb, error::RenderError};

/// Paper size. A4 is the default: the reports are printed in the Netherlands.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// Any size, in millimetres (width, height); clamped to 100..=1000 mm.
    CustomMm(f32, f32),
}

impl Paper {
    /// Width and height in PDF points.
    pub fn size_pt(self) -> (f32, f32) {
        const MM: f32 = 72.0 / 25.4;
        match self {
            Paper::A4 => (210.0 * MM, 297.0 * MM),
            Paper::Letter => (612.0, 792.0),
            Paper::CustomMm(w, h) => {
                let c = |v: f32| {
                    if v.is_finite() {
                        v.clamp(100.0, 1000.0)
                    } else {
                        210.0
                    }
                };
                (c(w) * MM, c(h) * MM)
            }
        }
    }
}

/// Fonts. Unset slots use DejaVu Sans (embedded from the `dejavu` crate). A user's
/// regular font without an italic maps italic to that regular face (upright), because
/// mixing the user's face with DejaVu Oblique would look worse than no slant.
/// Characters missing from a user font fall back to DejaVu Sans of the same weight.
#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// TTF bytes for body text (`report.font`).
    pub regular: Option<Vec<u8>>,
    /// TTF bytes for bold text and headings (`report.font_bold`).
    pub bold: Option<Vec<u8>>,
    /// TTF bytes for italic text.
    pub italic: Option<Vec<u8>>,
    /// TTF bytes for bold italic text.
    pub bold_italic: Option<Vec<u8>>,
}

/// Words the renderer itself prints, passed in so both report languages are served.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    /// Title line of an `info` notice ("Note" / "Let op").
    pub notice_info: String,
    /// Title line of a `warning` notice ("Warning" / "Waarschuwing").
    pub notice_warning: String,
    /// Printed after a KPI change ("vs previous period" / "t.o.v. vorige periode").
    pub change_vs_previous: String,
    /// Printed in a chart that has no values at all ("No data" / "Geen gegevens").
    pub no_data: String,
    /// Decimal separator for numbers the renderer formats (chart ticks): "." or ",".
    pub decimal_separator: char,
    /// Thousands separator for numbers the renderer formats: "," or ".".
    pub thousands_separator: char,
    /// The cover's page label in the viewer ("Cover" / "Omslag"): the cover has no
    /// printed number, so the viewer's page numbers start at 1 on the page after it,
    /// as the footer's "n / N" does.
    pub cover: String,
    /// Title of the contents page ("Contents" / "Inhoud").
    pub contents: String,
    /// Names of the chart kinds that start a chart's text alternative (/Alt), in the
    /// order bar, line, stacked bar, heatmap ("Bar chart" / "Staafdiagram", ...).
    pub chart_kinds: [String; 4],
    /// Names the range of a line chart's pinned scale when its axis is fitted to the
    /// data instead ("score (scale 0–6)" / "score (schaal 0–6)").
    pub scale: String,
}

impl Labels {
    /// English labels.
    pub fn english() -> Self {
        Labels {
            notice_info: "Note".into(),
            notice_warning: "Warning".into(),
            change_vs_previous: "vs previous period".into(),
            no_data: "No data".into(),
            decimal_separator: '.',
            thousands_separator: ',',
            cover: "Cover".into(),
            contents: "Contents".into(),
            chart_kinds: [
                "Bar chart".into(),
                "Line chart".into(),
                "Stacked bar chart".into(),
                "Heatmap".into(),
            ],
            scale: "scale".into(),
        }
    }

    /// Dutch labels.
    pub fn dutch() -> Self {
        Labels {
            notice_info: "Let op".into(),
            notice_warning: "Waarschuwing".into(),
            change_vs_previous: "t.o.v. vorige periode".into(),
            no_data: "Geen gegevens".into(),
            decimal_separator: ',',
            thousands_separator: '.',
            cover: "Omslag".into(),
            contents: "Inhoud".into(),
            chart_kinds: [
                "Staafdiagram".into(),
                "Lijndiagram".into(),
                "Gestapeld staafdiagram".into(),
                "Heatmap".into(),
            ],
            scale: "schaal".into(),
        }
    }
}

impl Default for Labels {
    fn default() -> Self {
        Labels::english()
    }
}

/// A decoded logo. Decode it once ([`Logo::from_bytes`]) and share it across the
/// documents of a run: decoding a PNG per report would cost more than the layout.
#[derive(Clone)]
pub struct Logo {
    pub(crate) image: Arc<printpdf::RawImage>,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Logo({}x{})", self.image.width, self.image.height)
    }
}

impl Logo {
    /// Decodes PNG or JPEG bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, RenderError> {
        let mut warnings = Vec::new();
        let image = printpdf::RawImage::decode_from_bytes(bytes, &mut warnings)
            .map_err(RenderError::Logo)?;
        if image.width == 0 || image.height == 0 {
            return Err(RenderError::Logo("the image has no pixels".into()));
        }
        Ok(Logo {
            image: Arc::new(image),
        })
    }

    /// Width / height in pixels, for fitting the logo into its box.
    pub fn aspect(&self) -> f32 {
        self.image.width as f32 / self.image.height as f32
    }
}

/// Per-document options.
#[derive(Debug, Clone)]
pub struct DocumentOptions {
    /// PDF metadata title (also the default running header).
    pub title: String,
    /// PDF metadata author.
    pub author: String,
    /// PDF language tag (`nl`, `en`, `nl-NL`).
    pub language: String,
    /// Paper size.
    pub paper: Paper,
    /// Logo for the cover page.
    pub logo: Option<Logo>,
    /// Accent colour: headings, table header, first chart series.
    pub accent: Rgb,
    /// Running header text, top left of every page after the cover. Empty for none.
    pub header: String,
    /// Footer text, bottom left of every page after the cover; the page number
    /// "n / N" is printed bottom right.
    pub footer: String,
    /// Words printed by the renderer, in the report's language.
    pub labels: Labels,
    /// Creation date in the PDF metadata, seconds since 1970 UTC; `None` is now. Set it
    /// to the run's time so all reports of a run carry the same date.
    pub created_unix: Option<i64>,
    /// When laying out and writing must be done: past it the document fails with
    /// [`crate::RenderError::TimeLimit`] instead of holding a worker for ever. `None`: no limit.
    pub deadline: Option<std::time::Instant>,
}

impl Default for DocumentOptions {
    fn default() -> Self {
        DocumentOptions {
            title: String::new(),
            author: String::new(),
            language: "en".into(),
            paper: Paper::A4,
            logo: None,
            accent: Rgb::from_u8(0x1F, 0x5F, 0xAD),
            header: String::new(),
            footer: String::new(),
            labels: Labels::english(),
            created_unix: None,
            deadline: None,
        }
    }
}

/// Everything [`crate::render`] needs for a one-off document.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Fonts; parsed on every call of [`crate::render`], so use a [`crate::Renderer`]
    /// when rendering many documents.
    pub fonts: FontOptions,
    /// The document's own options.
    pub document: DocumentOptions,
}
