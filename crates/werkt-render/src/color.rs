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

    /// The ramp of ordered series (norm bands, duration classes), light to dark in one
    /// blue hue: relative luminance falls from 0.74 to 0.06 in steps of 0.09 to 0.14, so
    /// the order reads in greyscale and for every kind of colour blindness, and the
    /// lightest step still stands out on white. Every channel falls along the ramp, so
    /// colours between two steps keep the order too.
    pub const ORDERED: [Rgb; 7] = [
        Rgb::from_u8(0xCD, 0xE3, 0xF3),
        Rgb::from_u8(0xAB, 0xD1, 0xE9),
        Rgb::from_u8(0x87, 0xBE, 0xDE),
        Rgb::from_u8(0x62, 0xA8, 0xD2),
        Rgb::from_u8(0x42, 0x8D, 0xC4),
        Rgb::from_u8(0x20, 0x6E, 0xB1),
        Rgb::from_u8(0x0F, 0x42, 0x7F),
    ];

    /// Colour of ordered series `i` of `n`: the series spread evenly over [`ORDERED`],
    /// from its lightest to its darkest step, so fewer series are further apart (up to 7
    /// land a whole step or more apart; more share the ramp in smaller steps).
    pub fn ordered(i: usize, n: usize) -> Rgb {
        let last = (ORDERED.len() - 1) as f32;
        let t = if n <= 1 {
            0.5
        } else {
            i.min(n - 1) as f32 / (n - 1) as f32
        };
        let pos = t * last;
        let k = (pos.floor() as usize).min(ORDERED.len() - 2);
        let f = pos - k as f32;
        let (a, b) = (ORDERED[k], ORDERED[k + 1]);
        Rgb {
            r: a.r + (b.r - a.r) * f,
            g: a.g + (b.g - a.g) * f,
            b: a.b + (b.b - a.b) * f,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Rgb, palette};

    /// WCAG relative luminance (linear light), the measure greyscale printing keeps.
    fn relative_luminance(c: Rgb) -> f32 {
        let lin = |v: f32| {
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
    }

    /// Ordered series get darker step by step, each step visibly (at least 0.08 in
    /// relative luminance) for up to 7 series, and the order holds for 12.
    #[test]
    fn ordered_series_darken_by_a_visible_step() {
        for n in 1..=7 {
            let l: Vec<f32> = (0..n)
                .map(|i| relative_luminance(palette::ordered(i, n)))
                .collect();
            for w in l.windows(2) {
                assert!(w[0] - w[1] >= 0.08, "{n} series: {l:?}");
            }
        }
        let l: Vec<f32> = (0..12)
            .map(|i| relative_luminance(palette::ordered(i, 12)))
            .collect();
        assert!(l.windows(2).all(|w| w[0] > w[1]), "{l:?}");
        // The lightest step is not lost on white paper.
        assert!(relative_luminance(palette::ordered(0, 5)) < 0.8);
    }
}
