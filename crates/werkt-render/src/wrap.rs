//! Greedy word wrap with the fonts' real advances. A word is broken between characters
//! only when it is wider than the whole line, so nothing is ever cut off.

use crate::{fonts::FontSet, fonts::Style, markup::Span};

/// A piece of a line in one style, at `x` from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Offset from the start of the line, pt.
    pub x: f32,
    /// Text (may contain spaces).
    pub text: String,
    /// Style.
    pub style: Style,
}

/// One wrapped line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Pieces left to right.
    pub pieces: Vec<Piece>,
    /// Width of the line's ink (trailing spaces excluded), pt.
    pub width: f32,
}

struct Wrapper<'a> {
    fonts: &'a FontSet,
    size: f32,
    max: f32,
    lines: Vec<Line>,
    line: Line,
    /// Width of the line including a pending space.
    pending_space: Option<(Style, f32)>,
    word: Vec<(Style, String)>,
    word_width: f32,
}

impl Wrapper<'_> {
    fn append(&mut self, style: Style, text: &str, x: f32) {
        match self.line.pieces.last_mut() {
            Some(p) if p.style == style => p.text.push_str(text),
            _ => self.line.pieces.push(Piece {
                x,
                text: text.to_string(),
                style,
            }),
        }
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        self.lines.push(line);
        self.pending_space = None;
    }

    /// Kerning between the line's last character and `c` set after it in `style` (none
    /// across a change of style: that starts a new piece, drawn on its own).
    fn join(&self, style: Style, c: char) -> f32 {
        match self.line.pieces.last() {
            Some(p) if p.style == style => match p.text.chars().next_back() {
                Some(last) => self.fonts.kern(style, self.size, last, c),
                None => 0.0,
            },
            _ => 0.0,
        }
    }

    /// Width the pending space and the word add to the line, kerning at the joins
    /// included, as the emitter draws a piece's text with every pair kerned.
    fn added_width(&self) -> f32 {
        let mut w = self.word_width;
        if let Some((style, sw)) = self.pending_space
            && !self.line.pieces.is_empty()
        {
            w += sw + self.join(style, ' ');
            if let Some(first) = self
                .word
                .first()
                .filter(|(s, _)| *s == style)
                .and_then(|(_, t)| t.chars().next())
            {
                w += self.fonts.kern(style, self.size, ' ', first);
            }
        } else if let Some((style, first)) = self
            .word
            .first()
            .and_then(|(s, t)| Some((*s, t.chars().next()?)))
        {
            w += self.join(style, first);
        }
        w
    }

    fn flush_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let starts_line = self.line.pieces.is_empty();
        if !starts_line && self.line.width + self.added_width() > self.max {
            self.end_line();
        }
        if self.line.pieces.is_empty() && self.word_width > self.max {
            self.break_long_word();
            return;
        }
        if let Some((style, w)) = self.pending_space.take()
            && !self.line.pieces.is_empty()
        {
            let x = self.line.width;
            self.line.width += w + self.join(style, ' ');
            self.append(style, " ", x);
        }
        let word = std::mem::take(&mut self.word);
        for (style, text) in word {
            if let Some(first) = text.chars().next() {
                self.line.width += self.join(style, first);
            }
            let x = self.line.width;
            self.append(style, &text, x);
            self.line.width += self.fonts.width(style, self.size, &text);
        }
        self.word_width = 0.0;
    }

    /// A word wider than the line: place it character by character.
    fn break_long_word(&mut self) {
        let word = std::mem::take(&mut self.word);
        self.word_width = 0.0;
        self.pending_space = None;
        for (style, text) in word {
            for c in text.chars() {
                let w = self.fonts.char_width(style, self.size, c);
                if !self.line.pieces.is_empty()
                    && self.line.width + self.join(style, c) + w > self.max
                {
                    self.end_line();
                }
                self.line.width += self.join(style, c);
                let x = self.line.width;
                let mut buf = [0u8; 4];
                self.append(style, c.encode_utf8(&mut buf), x);
                self.line.width += w;
            }
        }
    }
}

/// Wraps spans into lines at most `max_width` wide at `size` pt.
pub fn wrap(fonts: &FontSet, spans: &[Span], size: f32, max_width: f32) -> Vec<Line> {
    let mut w = Wrapper {
        fonts,
        size,
        max: max_width.max(size),
        lines: Vec::new(),
        line: Line::default(),
        pending_space: None,
        word: Vec::new(),
        word_width: 0.0,
    };
    for span in spans {
        let style = span.style;
        for c in span.text.chars() {
            if c == '\n' {
                w.flush_word();
                w.end_line();
            } else if is_break(c) {
                w.flush_word();
                if !w.line.pieces.is_empty() && w.pending_space.is_none() {
                    w.pending_space = Some((style, fonts.char_width(style, size, ' ')));
                }
            } else {
                let mut cw = fonts.char_width(style, size, c);
                match w.word.last_mut() {
                    Some((s, t)) if *s == style => {
                        if let Some(last) = t.chars().next_back() {
                            cw += fonts.kern(style, size, last, c);
                        }
                        t.push(c)
                    }
                    _ => w.word.push((style, c.to_string())),
                }
                w.word_width += cw;
            }
        }
    }
    w.flush_word();
    if !w.line.pieces.is_empty() || w.lines.is_empty() {
        w.end_line();
    }
    w.lines
}

/// Width of the widest word (the narrowest a column can be without breaking words). Words
/// end where [`wrap`] may break a line: at white space other than the no-break spaces that
/// hold "€ 15.304" or "5 %" together.
pub fn min_width(fonts: &FontSet, spans: &[Span], size: f32) -> f32 {
    let mut best: f32 = 0.0;
    for span in spans {
        for word in span.text.split(is_break) {
            best = best.max(fonts.width(span.style, size, word));
        }
    }
    best
}

/// Width of the spans on one line (hard breaks split lines).
pub fn natural_width(fonts: &FontSet, spans: &[Span], size: f32) -> f32 {
    let mut best: f32 = 0.0;
    let mut cur = 0.0;
    for span in spans {
        for (i, part) in span.text.split('\n').enumerate() {
            if i > 0 {
                best = best.max(cur);
                cur = 0.0;
            }
            cur += fonts.width(span.style, size, part);
        }
    }
    best.max(cur)
}

/// Where a line may break: white space, except no-break spaces.
fn is_break(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}'
}
