//! The flow → pages. First the breaks are chosen over the frames' heights (greedy, but
//! a page that would end where a frame is kept with the next one ends at the last
//! break allowed on it instead), then a short page ending a part is pulled back onto the one
//! before by tightening its spaces, then the frames are placed. Every page holds at
//! least one frame, so pagination always ends.

use super::flow::{Deco, Frame, Node};
use crate::{
    error::RenderError,
    page::{Item, OutlineEntry, Page, Tag},
};

/// Most pages a document may have.
pub const MAX_PAGES: usize = 2000;

/// A page that ends a part of the document filled less than this share of the body is
/// pulled back onto the page before if tightening that page's spaces makes room.
const SHORT_PAGE: f32 = 0.25;
/// What a space shrinks to on a tightened page.
const TIGHT_SPACE: f32 = 0.5;

/// The page geometry pagination fills.
pub struct Body {
    /// Page width and height, pt.
    pub size: (f32, f32),
    /// Top of the body, pt from the page's top edge.
    pub top: f32,
    /// Bottom of the body.
    pub bottom: f32,
    /// When the layout must give up.
    pub deadline: Option<std::time::Instant>,
}

impl Body {
    fn height(&self) -> f32 {
        self.bottom - self.top
    }
}

/// The nodes one page takes.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    cover: bool,
    /// The page ended by overflow (not by a page break, a cover or the end).
    overflowed: bool,
    /// Height used.
    used: f32,
    /// Spaces shrunk to take the last page's content.
    tight: bool,
}

/// The flow on pages.
pub struct Paginated {
    /// The pages.
    pub pages: Vec<Page>,
    /// The bookmarks.
    pub outline: Vec<OutlineEntry>,
    /// For each [`Node::Contents`] in order, the index of the page the contents go before.
    pub contents: Vec<usize>,
}

/// Pages and bookmarks of the flow.
pub fn paginate(nodes: Vec<Node>, body: &Body) -> Result<Paginated, RenderError> {
    let headers = active_headers(&nodes);
    let (mut spans, legals) = breaks(&nodes, &headers, body)?;
    mend_ends(&mut spans, &legals, &nodes, &headers, body);
    // A contents block ended the page it was on: the pages that start before it come
    // before the contents.
    let contents = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n, Node::Contents))
        .map(|(k, _)| spans.iter().filter(|s| s.start < k).count())
        .collect();
    let (pages, outline) = place(nodes, &spans, body);
    Ok(Paginated {
        pages,
        outline,
        contents,
    })
}

/// For each node, the [`Node::Header`] in force before it (repeated at the top of a page
/// that starts there).
fn active_headers(nodes: &[Node]) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(nodes.len());
    let mut active = None;
    for (i, n) in nodes.iter().enumerate() {
        out.push(active);
        match n {
            Node::Header(_) => active = Some(i),
            Node::HeaderEnd => active = None,
            _ => {}
        }
    }
    out
}

fn header_height(nodes: &[Node], header: Option<usize>) -> f32 {
    match header.map(|h| &nodes[h]) {
        Some(Node::Header(f)) => f.height,
        _ => 0.0,
    }
}

/// Chooses where pages start; for each page also where else it could have ended (the
/// breaks the keep rules allow on it, in order).
fn breaks(
    nodes: &[Node],
    headers: &[Option<usize>],
    body: &Body,
) -> Result<(Vec<Span>, Vec<Vec<usize>>), RenderError> {
    let mut spans: Vec<Span> = Vec::new();
    let mut legals: Vec<Vec<usize>> = Vec::new();
    let mut i = 0;
    while i < nodes.len() {
        if spans.len() >= MAX_PAGES {
            return Err(RenderError::TooManyPages(MAX_PAGES));
        }
        crate::error::in_time(body.deadline)?;
        match &nodes[i] {
            Node::Cover(_) => {
                spans.push(Span {
                    start: i,
                    end: i + 1,
                    cover: true,
                    overflowed: false,
                    used: 0.0,
                    tight: false,
                });
                legals.push(Vec::new());
                i += 1;
                continue;
            }
            // A break or space before anything is on the page does nothing.
            Node::Break | Node::Contents | Node::Space(_) => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let start = i;
        let mut y = header_height(nodes, headers[start]);
        let mut any = false;
        // The page may end just after the last frame placed (before any opening marker
        // or space that follows it) unless that frame is kept with the next.
        let mut after_prev = start;
        let mut prev_keep = true;
        let mut legal: Vec<usize> = Vec::new();
        let (end, next, overflowed) = loop {
            let Some(node) = nodes.get(i) else {
                break (i, i, false);
            };
            match node {
                Node::Break | Node::Contents => break (i, i + 1, false),
                Node::Cover(_) => break (i, i, false),
                Node::Space(s) => {
                    if any {
                        y += s;
                    }
                }
                Node::Frame(f) | Node::Header(f) => {
                    if any && !prev_keep {
                        legal.push(after_prev);
                    }
                    if any && y + f.height > body.height() + 0.01 {
                        let b = legal.last().copied().unwrap_or(after_prev);
                        legal.retain(|&l| l < b);
                        break (b, b, true);
                    }
                    y += f.height;
                    any = true;
                    prev_keep = f.keep;
                    after_prev = i + 1;
                }
                // Closing markers belong with the frame before them.
                Node::DecoEnd | Node::HeaderEnd => {
                    if after_prev == i {
                        after_prev = i + 1;
                    }
                }
                Node::Anchor { .. } | Node::DecoStart(_) => {}
            }
            i += 1;
        };
        let used = used_height(nodes, headers, start, end, 1.0);
        spans.push(Span {
            start,
            end,
            cover: false,
            overflowed,
            used,
            tight: false,
        });
        legals.push(legal);
        i = next;
    }
    Ok((spans, legals))
}

/// Height the nodes `start..end` take on a page of their own, spaces scaled by `space`.
fn used_height(
    nodes: &[Node],
    headers: &[Option<usize>],
    start: usize,
    end: usize,
    space: f32,
) -> f32 {
    let mut y = header_height(nodes, headers.get(start).copied().flatten());
    let mut any = false;
    for n in &nodes[start..end] {
        match n {
            Node::Space(s) if any => y += s * space,
            Node::Frame(f) | Node::Header(f) => {
                y += f.height;
                any = true;
            }
            _ => {}
        }
    }
    y
}

/// Mends a short page that ends a part of the document (the last page, or the last before
/// a page break, a contents block or a cover) after a page that ran over into it, so that
/// a chapter's last lines do not get a page of their own: the page before takes them when
/// its spaces, tightened, make room; otherwise it ends at an earlier break the keep rules
/// allow, the latest that gives the last page at least [`SHORT_PAGE`] of the body.
fn mend_ends(
    spans: &mut Vec<Span>,
    legals: &[Vec<usize>],
    nodes: &[Node],
    headers: &[Option<usize>],
    body: &Body,
) {
    let short = SHORT_PAGE * body.height();
    for j in (1..spans.len()).rev() {
        let (prev, last) = (spans[j - 1], spans[j]);
        if last.cover || prev.cover || !prev.overflowed || last.overflowed || last.used >= short {
            continue;
        }
        let used = used_height(nodes, headers, prev.start, last.end, TIGHT_SPACE);
        if used <= body.height() + 0.01 {
            spans[j - 1] = Span {
                end: last.end,
                overflowed: false,
                used,
                tight: true,
                ..prev
            };
            spans.remove(j);
            continue;
        }
        let earlier = legals[j - 1].iter().rev().find_map(|&b| {
            let tail = used_height(nodes, headers, b, last.end, 1.0);
            (b > prev.start && tail >= short && tail <= body.height() + 0.01).then_some((b, tail))
        });
        if let Some((b, tail)) = earlier {
            spans[j - 1].end = b;
            spans[j - 1].used = used_height(nodes, headers, prev.start, b, 1.0);
            spans[j].start = b;
            spans[j].used = tail;
        }
    }
}

/// A decorated region open on the page being placed.
struct Open {
    deco: Deco,
    /// Where on the page its fragment starts.
    y: f32,
    /// The item its decoration goes beneath.
    item: usize,
}

/// Places the frames on their pages.
///
/// Takes the flow, so that the items move onto their pages rather than being copied: a
/// report's text is placed once. Only a header that repeats is copied.
fn place(mut nodes: Vec<Node>, spans: &[Span], body: &Body) -> (Vec<Page>, Vec<OutlineEntry>) {
    let (width, height) = body.size;
    let mut pages = Vec::with_capacity(spans.len());
    let mut outline = Vec::new();
    let mut header: Option<Frame> = None;
    let mut open: Vec<Open> = Vec::new();
    for span in spans {
        let mut page = Page {
            cover: span.cover,
            ..Page::new(width, height)
        };
        let mut y = body.top;
        if let (Some(h), false) = (&header, span.cover) {
            // Repeated, so a reader hears the header once: pagination, not content.
            for (item, tag) in h.items.iter().zip(&h.tags) {
                let tag = match tag {
                    Tag::Content(_) => Tag::Pagination,
                    t => *t,
                };
                page.items.push(item.clone().moved(0.0, y));
                page.tags.push(tag);
            }
            y += h.height;
        }
        for o in &mut open {
            o.y = y;
            o.item = 0;
        }
        let space = if span.tight { TIGHT_SPACE } else { 1.0 };
        let mut any = false;
        for node in &mut nodes[span.start..span.end] {
            // Each node is placed once: take it, leaving a break that places nothing.
            match std::mem::replace(node, Node::Break) {
                Node::Cover(f) => {
                    page.items.extend(f.items);
                    page.tags.extend(f.tags);
                }
                Node::Space(s) => {
                    if any {
                        y += s * space;
                    }
                }
                Node::Frame(f) => place_frame(&mut page, f, &mut y, &mut any),
                Node::Header(f) => {
                    header = Some(f.clone());
                    place_frame(&mut page, f, &mut y, &mut any);
                }
                Node::HeaderEnd => header = None,
                Node::Anchor { level, title } => outline.push(OutlineEntry {
                    level,
                    title,
                    page: pages.len(),
                    y,
                }),
                Node::DecoStart(deco) => open.push(Open {
                    deco,
                    y,
                    item: page.items.len(),
                }),
                Node::DecoEnd => {
                    if let Some(o) = open.pop() {
                        underlay(&mut page, &o, y);
                    }
                }
                Node::Break | Node::Contents => {}
            }
        }
        // Regions that go on: their fragment runs to the foot of the body. Inner ones
        // are drawn first, so the outer ones go beneath them.
        for o in open.iter().rev() {
            underlay(&mut page, o, body.bottom);
        }
        pages.push(page);
    }
    (pages, outline)
}

/// Moves a frame's items onto the page at `y` and `y` past it.
fn place_frame(page: &mut Page, f: Frame, y: &mut f32, any: &mut bool) {
    let dy = *y;
    page.items
        .extend(f.items.into_iter().map(|i| i.moved(0.0, dy)));
    page.tags.extend(f.tags);
    *y += f.height;
    *any = true;
}

/// Draws `o`'s fragment from its start to `y1` beneath the items placed since it began.
fn underlay(page: &mut Page, o: &Open, y1: f32) {
    if y1 <= o.y {
        return;
    }
    let items: Vec<Item> = o.deco.draw(o.y, y1);
    let at = o.item.min(page.items.len());
    let n = items.len();
    page.items.splice(at..at, items);
    page.tags
        .splice(at..at, std::iter::repeat_n(Tag::Artifact, n));
}
