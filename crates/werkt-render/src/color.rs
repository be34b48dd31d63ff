//! Colours as the layout uses them: plain RGB in 0..=1, so pages can be compared in
//! golden tests without depending on printpdf's types.

/// An RGB colour, each channel 0.0..=1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb {
    /// Red.
    pub r: f32,
    /// Green.
    pub g: f32,
    /// Blue.
    pub b: f32,
}

impl Rgb {
    /// A colour from 8-bit channels.
    pub const fn from_u8(r: u8, g: u8, b: u8) -> Self {
        Rgb {
            r: r as f32 / 255.0,
            g: g as f32 / 255.0,
            b: b as f32 / 255.0,
        }
    }

    /// Parses `#RRGGBB` (the `#` is optional), as written in `report.accent_color`.
    pub fn from_hex(s: &str) -> Option<Self> {
        let h = s.trim().trim_start_matches('#');
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Rgb::from_u8(p(0)?, p(2)?, p(4)?))
    }

    /// Mixes this colour with white; `amount` 0 keeps the colour, 1 gives white. Used for
    /// tints of the accent colour (tile backgrounds, table header) that stay readable.
    pub fn tint(self, amount: f32) -> Self {
        let a = amount.clamp(0.0, 1.0);
        Rgb {
            r: self.r + (1.0 - self.r) * a,
            g: self.g + (1.0 - self.g) * a,
            b: self.b + (1.0 - self.b) * a,
        }
    }

    /// Perceived brightness 0..1, to pick dark or light text on a coloured fill.
    pub fn luminance(self) -> f32 {
        0.299 * self.r + 0.587 * self.g + 0.114 * self.b
    }
}

/// The fixed colours of the house style (the accent colour comes from the options).
pub mod palette {
    use super::Rgb;
    /// Body text.
    pub const TEXT: Rgb = Rgb::from_u8(0x22, 0x22, 0x22);
    /// Secondary text: labels, header and footer.
    pub const MUTED: Rgb = Rgb::from_u8(0x66, 0x66, 0x66);
    /// Hairlines and axes.
    pub const RULE: Rgb = Rgb::from_u8(0xBB, 0xBB, 0xBB);
    /// Chart gridlines.
    pub const GRID: Rgb = Rgb::from_u8(0xE3, 0xE3, 0xE3);
    /// Alternate table rows.
    pub const STRIPE: Rgb = Rgb::from_u8(0xF3, 0xF4, 0xF6);
    /// "Good" changes and heatmap green.
    pub const GOOD: Rgb = Rgb::from_u8(0x1E, 0x8E, 0x3E);
    /// "Bad" changes and heatmap red.
    pub const BAD: Rgb = Rgb::from_u8(0xC6, 0x28, 0x28);
    /// Heatmap amber and warning notices.
    pub const AMBER: Rgb = Rgb::from_u8(0xE0, 0x9A, 0x00);
    /// Info notices.
    pub const INFO: Rgb = Rgb::from_u8(0x2A, 0x6F, 0xB8);
    /// White.
    pub const WHITE: Rgb = Rgb::from_u8(0xFF, 0xFF, 0xFF);
    /// Series colours after the accent colour (colour-blind friendly, Okabe-Ito based).
    pub const SERIES: [Rgb; 7] = [
        Rgb::from_u8(0xE6, 0x9F, 0x00),
        Rgb::from_u8(0x56, 0xB4, 0xE9),
        Rgb::from_u8(0x00, 0x9E, 0x73),
        Rgb::from_u8(0xCC, 0x79, 0xA7),
        Rgb::from_u8(0xD5, 0x5E, 0x00),
        Rgb::from_u8(0x7F, 0x7F, 0x7F),
        Rgb::from_u8(0xF0, 0xE4, 0x42),
    ];
}
