//! werkt's PDF renderer. Report markup (CommonMark + GFM tables + our fenced blocks,
//! see docs/report-markup.md) is parsed ([`markup::parse`]), laid out into pages of
//! positioned items ([`Renderer::layout`], golden-testable), and emitted as PDF with
//! printpdf ops ([`Renderer::emit`]). Build one [`Renderer`] per run: it parses the
//! fonts once and renders any number of documents.

pub mod charts;
pub mod color;
pub mod contents;
pub mod emit;
pub mod error;
pub mod fences;
pub mod fonts;
pub mod kerning;
pub mod layout;
pub mod markup;
pub mod options;
pub mod page;
pub mod style;
pub mod wrap;

pub use color::Rgb;
pub use error::RenderError;
pub use fonts::{FontSet, Style};
pub use options::{DocumentOptions, FontOptions, Labels, Logo, Paper, RenderOptions};
pub use page::{Element, Item, Layout, OutlineEntry, Page, PageLink, Role, Tag};

/// Fonts prepared once, reused for every document.
pub struct Renderer {
    fonts: FontSet,
}

impl Renderer {
    /// Parses the fonts (DejaVu Sans unless the options give TTFs).
    pub fn new(fonts: &FontOptions) -> Result<Renderer, RenderError> {
        Ok(Renderer {
            fonts: FontSet::new(fonts)?,
        })
    }

    /// The prepared fonts (for measuring text in tests).
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Parses and lays out `markup` without writing PDF.
    pub fn layout(&self, markup: &str, opts: &DocumentOptions) -> Result<Layout, RenderError> {
        let blocks = markup::parse(markup)?;
        layout::layout_blocks(&blocks, &self.fonts, opts)
    }

    /// Writes a layout as PDF bytes.
    pub fn emit(&self, layout: &Layout, opts: &DocumentOptions) -> Result<Vec<u8>, RenderError> {
        emit::emit(layout, &self.fonts, opts)
    }

    /// Markup → PDF bytes.
    pub fn render(&self, markup: &str, opts: &DocumentOptions) -> Result<Vec<u8>, RenderError> {
        let layout = self.layout(markup, opts)?;
        self.emit(&layout, opts)
    }
}

/// One-off markup → PDF bytes (parses the fonts each call; use [`Renderer`] in loops).
pub fn render(markup: &str, opts: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    Renderer::new(&opts.fonts)?.render(markup, &opts.document)
}

/// One-off markup → pages.
pub fn layout(markup: &str, opts: &RenderOptions) -> Result<Layout, RenderError> {
    Renderer::new(&opts.fonts)?.layout(markup, &opts.document)
}
