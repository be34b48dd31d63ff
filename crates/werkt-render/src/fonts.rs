//! Font faces prepared once: character → glyph lookups, glyph advances and kerning pairs
//! read from the TTF, so the layout wraps text with the font's real metrics and measures
//! what the PDF draws (the emitter applies the same pairs, see [`FontSet::kern`]).

use std::{borrow::Cow, collections::HashMap, sync::Mutex};

use crate::{error::RenderError, kerning::Kerning, options::FontOptions};

/// The four text styles the markup can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// Body text.
    Regular,
    /// `**strong**` and headings.
    Bold,
    /// `*emphasis*`.
    Italic,
    /// Both.
    BoldItalic,
}

impl Style {
    /// The style with bold and italic flags applied.
    pub fn from_flags(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }
}

/// One parsed TTF.
pub struct Face {
    pub(crate) bytes: Cow<'static, [u8]>,
    ascii: [u16; 128],
    glyphs: HashMap<u32, u16>,
    advances: Vec<u16>,
    units_per_em: f32,
    kerning: Kerning,
}

impl Face {
    fn parse(bytes: Cow<'static, [u8]>, which: &'static str) -> Result<Face, RenderError> {
        let mut warnings = Vec::new();
        let parsed =
            printpdf::ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or_else(|| {
                RenderError::Font {
                    which,
                    message: "not a TrueType/OpenType font".into(),
                }
            })?;
        if parsed.codepoint_to_glyph.is_empty() {
            return Err(RenderError::Font {
                which,
                message: "the font has no Unicode character map".into(),
            });
        }
        if !matches!(parsed.font_type, printpdf::FontType::TrueType) {
            return Err(RenderError::Font {
                which,
                message: "only TrueType outlines (.ttf) are supported, not CFF (.otf)".into(),
            });
        }
        let max_gid = parsed.glyph_widths.keys().next_back().copied().unwrap_or(0);
        let mut advances = vec![0u16; max_gid as usize + 1];
        for (gid, w) in &parsed.glyph_widths {
            advances[*gid as usize] = *w;
        }
        let mut ascii = [0u16; 128];
        for (c, slot) in ascii.iter_mut().enumerate() {
            *slot = parsed
                .codepoint_to_glyph
                .get(&(c as u32))
                .copied()
                .unwrap_or(0);
        }
        let glyphs = parsed.codepoint_to_glyph.into_iter().collect();
        let kerning = Kerning::read(&bytes, advances.len());
        Ok(Face {
            bytes,
            ascii,
            glyphs,
            advances,
            units_per_em: f32::from(parsed.units_per_em.max(1)),
            kerning,
        })
    }

    /// The glyph for a character, if the font has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        let gid = if (c as u32) < 128 {
            self.ascii[c as usize]
        } else {
            self.glyphs.get(&(c as u32)).copied().unwrap_or(0)
        };
        (gid != 0).then_some(gid)
    }

    /// Advance of a glyph in em.
    pub fn advance_em(&self, gid: u16) -> f32 {
        f32::from(self.advances.get(gid as usize).copied().unwrap_or(0)) / self.units_per_em
    }

    /// Kerning between glyphs `a` and `b` in em, added to `a`'s advance (negative: closer).
    #[inline]
    pub fn kern_em(&self, a: u16, b: u16) -> f32 {
        match self.kerning.get(a, b) {
            0 => 0.0,
            k => k as f32 / self.units_per_em,
        }
    }

    /// Whether the face has any kerning pairs.
    pub fn has_kerning(&self) -> bool {
        !self.kerning.is_empty()
    }
}

/// Index of a face in a [`FontSet`].
pub type FaceId = usize;

/// The faces of one renderer: up to four user faces plus the DejaVu fallbacks.
pub struct FontSet {
    pub(crate) faces: Vec<Face>,
    /// Primary face per style (Regular, Bold, Italic, BoldItalic).
    primary: [FaceId; 4],
    /// Fallback face per style, used for characters the primary face lacks.
    fallback: [FaceId; 4],
    /// Per style, the kerning in em between two ASCII characters (`[a * 128 + b]`): most
    /// text is ASCII, and measuring looks a pair up per character, so those pairs are read
    /// from the font's tables once rather than on every call.
    ascii_kern: [Box<[f32]>; 4],
    /// Subset fonts already made, by face and glyph ids. The reports of one run use mostly
    /// the same glyphs, and subsetting and re-reading a font cost up to a tenth of a report.
    subsets: Mutex<HashMap<(FaceId, Vec<u16>), printpdf::ParsedFont>>,
}

/// Distinct subsets kept at most; past it the cache starts again, so memory stays bounded
/// whatever the reports contain.
const SUBSET_CACHE_LIMIT: usize = 256;

fn style_index(s: Style) -> usize {
    match s {
        Style::Regular => 0,
        Style::Bold => 1,
        Style::Italic => 2,
        Style::BoldItalic => 3,
    }
}

impl FontSet {
    /// The subset of `face` holding `glyphs`, made by `make` the first time it is needed.
    pub(crate) fn subset(
        &self,
        face: FaceId,
        glyphs: &[u16],
        make: impl FnOnce() -> Result<printpdf::ParsedFont, RenderError>,
    ) -> Result<printpdf::ParsedFont, RenderError> {
        let key = (face, glyphs.to_vec());
        let cached = self
            .subsets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .cloned();
        if let Some(font) = cached {
            return Ok(font);
        }
        let font = make()?;
        let mut cache = self.subsets.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= SUBSET_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, font.clone());
        Ok(font)
    }

    /// Parses the configured fonts (and DejaVu Sans for whatever is not configured).
    pub fn new(opts: &FontOptions) -> Result<FontSet, RenderError> {
        let mut faces = vec![
            Face::parse(Cow::Borrowed(dejavu::sans::regular()), "DejaVu Sans")?,
            Face::parse(Cow::Borrowed(dejavu::sans::bold()), "DejaVu Sans Bold")?,
            Face::parse(
                Cow::Borrowed(dejavu::sans::oblique()),
                "DejaVu Sans Oblique",
            )?,
            Face::parse(
                Cow::Borrowed(dejavu::sans::bold_oblique()),
                "DejaVu Sans Bold Oblique",
            )?,
        ];
        let fallback = [0, 1, 2, 3];
        let mut primary = [0, 1, 2, 3];
        let mut add =
            |bytes: &Option<Vec<u8>>, which: &'static str| -> Result<Option<FaceId>, RenderError> {
                match bytes {
                    Some(b) => {
                        faces.push(Face::parse(Cow::Owned(b.clone()), which)?);
                        Ok(Some(faces.len() - 1))
                    }
                    None => Ok(None),
                }
            };
        let regular = add(&opts.regular, "regular")?;
        let bold = add(&opts.bold, "bold")?;
        let italic = add(&opts.italic, "italic")?;
        let bold_italic = add(&opts.bold_italic, "bold italic")?;
        if let Some(r) = regular {
            primary = [r, r, r, r];
        }
        if let Some(b) = bold {
            primary[1] = b;
            primary[3] = b;
        } else if regular.is_some() {
            // A user regular without a bold: keep bold recognisable with DejaVu Bold
            // rather than losing the emphasis.
            primary[1] = 1;
            primary[3] = 1;
        }
        if let Some(i) = italic {
            primary[2] = i;
        }
        if let Some(bi) = bold_italic {
            primary[3] = bi;
        }
        let mut set = FontSet {
            subsets: Mutex::new(HashMap::new()),
            faces,
            primary,
            fallback,
            ascii_kern: Default::default(),
        };
        for style in [
            Style::Regular,
            Style::Bold,
            Style::Italic,
            Style::BoldItalic,
        ] {
            let table: Box<[f32]> = (0..128 * 128)
                .map(|i| {
                    let (a, b) = (char::from((i / 128) as u8), char::from((i % 128) as u8));
                    set.kern_slow(style, a, b)
                })
                .collect();
            set.ascii_kern[style_index(style)] = table;
        }
        Ok(set)
    }

    /// The face that draws `c` in `style`, and its glyph (0 = .notdef of the primary
    /// face, when neither face has the character).
    #[inline]
    pub fn resolve(&self, style: Style, c: char) -> (FaceId, u16) {
        let i = style_index(style);
        let p = self.primary[i];
        if let Some(g) = self.faces[p].glyph(c) {
            return (p, g);
        }
        let f = self.fallback[i];
        match self.faces[f].glyph(c) {
            Some(g) => (f, g),
            None => (p, 0),
        }
    }

    /// Width of `text` at `size` pt: the glyphs' advances and the kerning between
    /// neighbours drawn by the same face (as the PDF draws it, see `emit`).
    pub fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        let mut em = 0.0;
        let mut prev: Option<char> = None;
        for c in text.chars() {
            let (f, g) = self.resolve(style, c);
            em += self.faces[f].advance_em(g);
            if let Some(p) = prev {
                em += self.kern_em(style, p, c);
            }
            prev = Some(c);
        }
        em * size
    }

    /// Kerning between `a` and `b` set next to each other in `style` at `size` pt: the
    /// amount to add to the width of the two measured apart (0 when different faces draw
    /// them, as no font kerns against another).
    #[inline]
    pub fn kern(&self, style: Style, size: f32, a: char, b: char) -> f32 {
        self.kern_em(style, a, b) * size
    }

    #[inline]
    fn kern_em(&self, style: Style, a: char, b: char) -> f32 {
        let (a32, b32) = (a as u32, b as u32);
        if a32 < 128 && b32 < 128 {
            return self.ascii_kern[style_index(style)][(a32 * 128 + b32) as usize];
        }
        self.kern_slow(style, a, b)
    }

    fn kern_slow(&self, style: Style, a: char, b: char) -> f32 {
        let (fa, ga) = self.resolve(style, a);
        let (fb, gb) = self.resolve(style, b);
        if fa != fb {
            return 0.0;
        }
        self.faces[fa].kern_em(ga, gb)
    }

    /// Width of one character at `size` pt.
    #[inline]
    pub fn char_width(&self, style: Style, size: f32, c: char) -> f32 {
        let (f, g) = self.resolve(style, c);
        self.faces[f].advance_em(g) * size
    }
}
