//! The cover: accent bands, the logo, title, subtitle, period and organisation, placed
//! on a page of their own.

use super::{Builder, MARGIN_X, MM, flow::Frame};
use crate::{
    color::palette,
    fences::Cover,
    page::{Item, Tag},
    style,
};

impl Builder<'_> {
    /// The cover page's items, positioned on the page.
    pub(super) fn cover(&mut self, c: &Cover) -> Frame {
        let (w, h) = self.size;
        let accent = self.opts.accent;
        let mut f = Frame::default();
        for (y, bh) in [(0.0, 12.0 * MM), (h - 6.0 * MM, 6.0 * MM)] {
            f.push(
                Item::Rect {
                    x: 0.0,
                    y,
                    w,
                    h: bh,
                    fill: Some(accent),
                    stroke: None,
                },
                Tag::Artifact,
            );
        }
        if let Some(logo) = &self.opts.logo {
            let (bw, bh) = (60.0 * MM, 25.0 * MM);
            let a = logo.aspect();
            let (lw, lh) = if bw / bh > a {
                (bh * a, bh)
            } else {
                (bw, bw / a)
            };
            f.push(
                Item::Logo {
                    x: MARGIN_X,
                    y: 24.0 * MM,
                    w: lw,
                    h: lh,
                },
                Tag::Artifact,
            );
        }
        let width = w - 2.0 * MARGIN_X;
        let mut y = h * 0.36;
        self.paragraph_at(
            &mut f,
            &mut y,
            &c.title,
            style::COVER_TITLE,
            palette::TEXT,
            MARGIN_X,
            width,
        );
        y += 6.0;
        if let Some(s) = &c.subtitle {
            self.paragraph_at(
                &mut f,
                &mut y,
                s,
                style::COVER_SUBTITLE,
                palette::MUTED,
                MARGIN_X,
                width,
            );
            y += 4.0;
        }
        if let Some(p) = &c.period {
            y += 10.0;
            f.push(
                Item::Rect {
                    x: MARGIN_X,
                    y,
                    w: 30.0 * MM,
                    h: 2.0,
                    fill: Some(accent),
                    stroke: None,
                },
                Tag::Artifact,
            );
            y += 10.0;
            self.paragraph_at(
                &mut f,
                &mut y,
                p,
                style::COVER_PERIOD,
                accent,
                MARGIN_X,
                width,
            );
        }
        if let Some(o) = &c.organisation {
            let mut oy = h - 40.0 * MM;
            self.paragraph_at(
                &mut f,
                &mut oy,
                o,
                style::COVER_ORGANISATION,
                palette::TEXT,
                MARGIN_X,
                width,
            );
        }
        f
    }
}
