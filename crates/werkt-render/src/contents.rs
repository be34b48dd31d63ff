//! The contents page (```` ```contents ````): a list of the document's chapters and
//! sections with dot leaders and the page numbers the footer prints, each entry a link to
//! its heading.
//!
//! Page numbers are known only once the body is laid out, so the block itself only ends
//! the page and records where the contents go ([`Request`]); after the body, [`insert`]
//! lays out the contents page(s) from the outline and inserts them there: the pages after
//! them move back (the outline's page indices with them), and the contents' structure
//! elements go into [`Layout::structure`](crate::Layout) at the block's place in the
//! reading order (the elements after it, and the items' tags, are renumbered). The
//! contents pages themselves are numbered pages, so the numbers printed in the contents
//! count them: the contents are laid out again until their own page count settles.
//!
//! The structure is PDF/UA's: the title is an H1, then a TOC with one TOCI per entry,
//! each holding a Link element with the entry's text and page number as content and the
//! link annotation as an OBJR (see `emit`); the dot leaders are artifacts.

use crate::{
    color::palette,
    error::RenderError,
    fences::Contents,
    fonts::{FontSet, Style},
    layout::{MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MAX_PAGES, baseline, heading_frame},
    markup::Span,
    options::DocumentOptions,
    page::{Element, Item, OutlineEntry, Page, PageLink, Role, Tag},
    style::{self, TextStyle},
    wrap,
};

/// Where a ```` ```contents ```` block asked for the contents page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request {
    /// Index of the page the contents go before (the block ended the page before it).
    pub page: usize,
    /// Index in the structure at which the contents' elements go: the number of elements
    /// opened before the block.
    pub element: usize,
    /// The element the block was in (the document, unless it sits in a quote or list).
    pub parent: usize,
    /// What the block asked for.
    pub spec: Contents,
}

/// Indent per nesting level.
const INDENT: f32 = 14.0;
/// Least space between an entry's title, its leaders and its number.
const GAP: f32 = 3.0;
/// Room kept for the page number column (the widest number is measured and added).
const LEADER_MIN: f32 = 18.0;

/// The style of an entry at nesting depth `d`, and the space before it.
fn entry_style(d: usize) -> (TextStyle, f32) {
    match d {
        0 => (style::CONTENTS_CHAPTER, 5.0),
        1 => (style::CONTENTS_SECTION, 0.0),
        _ => (style::CONTENTS_SUBSECTION, 0.0),
    }
}

/// One line of the contents.
struct Entry<'a> {
    heading: &'a OutlineEntry,
    /// Nesting depth in the outline (0 for a chapter), as the bookmarks nest.
    depth: usize,
}

/// Lays out the contents page(s) asked for by the first request and inserts them; later
/// requests only ended their page. A document without headings gets no contents page.
pub fn insert(
    pages: &mut Vec<Page>,
    outline: &mut [OutlineEntry],
    structure: &mut Vec<Element>,
    requests: &[Request],
    fonts: &FontSet,
    opts: &DocumentOptions,
) -> Result<(), RenderError> {
    let Some(req) = requests.first() else {
        return Ok(());
    };
    let at = req.page.min(pages.len());
    let s = req.element.min(structure.len());

    // The entries, nested as the outline nests them (under the nearest heading of a lower
    // level before), so a skipped level in the markup is not an indent skipped here.
    let mut entries = Vec::new();
    let mut open: Vec<u8> = Vec::new();
    for h in outline.iter() {
        while open.last().is_some_and(|&l| l >= h.level) {
            open.pop();
        }
        if h.level <= req.spec.depth {
            entries.push(Entry {
                heading: h,
                depth: open.len(),
            });
        }
        open.push(h.level);
    }
    if entries.is_empty() {
        return Ok(());
    }

    // Lay out, count the pages, and again with the numbers that count gives, until the
    // count holds (a number one digit wider can wrap a title, once in a blue moon).
    let mut k = 1;
    let mut laid = Vec::new();
    for _ in 0..4 {
        let moved = |p: usize| if p >= at { p + k } else { p };
        let mut numbered = vec![0usize; pages.len() + k];
        let mut n = 0;
        for (i, slot) in numbered.iter_mut().enumerate() {
            let cover = match i {
                i if i < at => pages[i].cover,
                i if i < at + k => false,
                i => pages[i - k].cover,
            };
            if !cover {
                n += 1;
            }
            *slot = n;
        }
        let targets: Vec<(usize, String)> = entries
            .iter()
            .map(|e| {
                let p = moved(e.heading.page);
                (p, numbered.get(p).copied().unwrap_or(0).to_string())
            })
            .collect();
        laid = lay_out(&entries, &targets, s, fonts, opts);
        if laid.len() == k {
            break;
        }
        k = laid.len();
    }
    let k = laid.len();
    if pages.len() + k > MAX_PAGES {
        return Err(RenderError::TooManyPages(MAX_PAGES));
    }

    // Renumber what follows the insertion point, then insert.
    let added = 2 + 2 * entries.len();
    let shift = |i: &mut usize| {
        if *i >= s {
            *i += added;
        }
    };
    for e in structure.iter_mut() {
        if let Some(p) = e.parent.as_mut() {
            shift(p);
        }
    }
    for page in pages.iter_mut() {
        for tag in page.tags.iter_mut() {
            if let Tag::Content(i) = tag {
                shift(i);
            }
        }
        for link in page.links.iter_mut() {
            shift(&mut link.element);
            if link.page >= at {
                link.page += k;
            }
        }
    }
    let mut elements = vec![
        Element {
            role: Role::H(1),
            parent: Some(req.parent),
            alt: None,
        },
        Element {
            role: Role::TOC,
            parent: Some(req.parent),
            alt: None,
        },
    ];
    for i in 0..entries.len() {
        elements.push(Element {
            role: Role::TOCI,
            parent: Some(s + 1),
            alt: None,
        });
        elements.push(Element {
            role: Role::Link,
            parent: Some(s + 2 + 2 * i),
            alt: None,
        });
    }
    structure.splice(s..s, elements);
    for h in outline.iter_mut() {
        if h.page >= at {
            h.page += k;
        }
    }
    pages.splice(at..at, laid);
    Ok(())
}

/// The contents pages: `targets` is each entry's page (after the insertion) and the
/// number the footer prints on it; `s` is the index of the contents' first element.
fn lay_out(
    entries: &[Entry<'_>],
    targets: &[(usize, String)],
    s: usize,
    fonts: &FontSet,
    opts: &DocumentOptions,
) -> Vec<Page> {
    let (w, h) = opts.paper.size_pt();
    let (x0, x1) = (MARGIN_X, w - MARGIN_X);
    let (top, bottom) = (MARGIN_TOP, h - MARGIN_BOTTOM);
    let blank = || Page::new(w, h);
    let mut pages = vec![blank()];
    let mut y = top;
    let push = |pages: &mut Vec<Page>, item: Item, tag: Tag| {
        if let Some(p) = pages.last_mut() {
            p.items.push(item);
            p.tags.push(tag);
        }
    };

    // The title, set as an H1 is.
    let title = [Span {
        text: opts.labels.contents.clone(),
        style: Style::Regular,
    }];
    let f = heading_frame(fonts, opts, 1, &title, x0, x1, Tag::Content(s));
    for (item, tag) in f.items.into_iter().zip(f.tags) {
        push(&mut pages, item.moved(0.0, y), tag);
    }
    y += f.height;

    // The page number column: as wide as the widest number.
    let number_w = targets
        .iter()
        .map(|(_, n)| {
            let ts = style::CONTENTS_CHAPTER;
            fonts.width(ts.face, ts.size, n)
        })
        .fold(0.0, f32::max);
    for (i, (e, (page, number))) in entries.iter().zip(targets).enumerate() {
        let (ts, before) = entry_style(e.depth);
        let (size, lh, style) = (ts.size, ts.line_height, ts.face);
        let link = s + 3 + 2 * i;
        let ex = x0 + INDENT * e.depth as f32;
        let spans = [Span {
            text: e.heading.title.clone(),
            style,
        }];
        let lines = wrap::wrap(fonts, &spans, size, x1 - ex - number_w - LEADER_MIN);
        let height = lines.len() as f32 * lh;
        if y > top + 0.01 {
            y += before;
        }
        if y + height > bottom + 0.01 && y > top + 0.01 {
            pages.push(blank());
            y = top;
        }
        let entry_top = y;
        let last = lines.len().saturating_sub(1);
        for (li, line) in lines.iter().enumerate() {
            let base = y + baseline(lh, size);
            for (pi, p) in line.pieces.iter().enumerate() {
                // The last run ends with a space, so the link's text reads "Title 12"
                // rather than "Title12" (the space draws nothing).
                let mut text = p.text.trim_end().to_string();
                if li == last && pi + 1 == line.pieces.len() {
                    text.push(' ');
                }
                push(
                    &mut pages,
                    Item::Text {
                        x: ex + p.x,
                        y: base,
                        size,
                        style: p.style,
                        color: palette::TEXT,
                        text,
                    },
                    Tag::Content(link),
                );
            }
            if li == last {
                let end = ex + line.width;
                let nw = fonts.width(style, size, number);
                let nx = x1 - nw;
                leaders(&mut pages, fonts, end + GAP, nx - GAP, x0, base, &push);
                push(
                    &mut pages,
                    Item::Text {
                        x: nx,
                        y: base,
                        size,
                        style,
                        color: palette::TEXT,
                        text: number.clone(),
                    },
                    Tag::Content(link),
                );
            }
            y += lh;
        }
        if let Some(p) = pages.last_mut() {
            p.links.push(PageLink {
                x: ex,
                y: entry_top,
                w: x1 - ex,
                h: y - entry_top,
                page: *page,
                top: e.heading.y,
                element: link,
                text: e.heading.title.clone(),
            });
        }
    }
    pages
}

/// Dot leaders from `from` to `to` on baseline `base`: dots on a grid from `x0`, so the
/// dots of entries set at the same size line up down the page.
fn leaders(
    pages: &mut Vec<Page>,
    fonts: &FontSet,
    from: f32,
    to: f32,
    x0: f32,
    base: f32,
    push: &impl Fn(&mut Vec<Page>, Item, Tag),
) {
    let size = style::CONTENTS_LEADER.size;
    let pitch = fonts.width(Style::Regular, size, ". ");
    if pitch <= 0.0 {
        return;
    }
    let start = x0 + ((from - x0) / pitch).ceil() * pitch;
    let dot = fonts.width(Style::Regular, size, ".");
    let n = ((to - start - dot) / pitch).floor() as i64 + 1;
    if n < 2 {
        return;
    }
    let text = ". ".repeat(n as usize);
    push(
        pages,
        Item::Text {
            x: start,
            y: base,
            size,
            style: Style::Regular,
            color: palette::MUTED,
            text: text.trim_end().to_string(),
        },
        Tag::Artifact,
    );
}
