//! Pages → PDF bytes with printpdf ops. Fonts are subset here per document (printpdf
//! without its `text_layout` feature would embed the whole 700 kB face), text is shown
//! by glyph id with its Unicode text attached (searchable and copyable). The object
//! graph printpdf makes is then finished here, in one place: PDF 1.7 header, an
//! information dictionary without printpdf's empty PDF/X keys, and in the catalog the
//! language, DisplayDocTitle, page labels that match the footer (the cover unnumbered)
//! and an outline nested by heading level. The PDF is tagged: every item is written as
//! marked content (an /Artifact, or its structure element's role with an /MCID) and the
//! structure tree the layout made is added to the object graph (`add_structure`), with
//! XMP metadata that claims PDF/UA-1 (`add_xmp`).

use std::collections::BTreeSet;

use allsorts::{
    binary::read::ReadScope,
    font_data::FontData,
    subset::{CmapTarget, SubsetProfile, subset},
};
use lopdf_printpdf as lo;
use printpdf::{
    Color, DictItem, FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem,
    WindingOrder, XObjectTransform,
};

use crate::{
    color::Rgb,
    error::RenderError,
    fonts::FontSet,
    options::DocumentOptions,
    page::{Item, Layout, OutlineEntry, Role, Tag},
};

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.r.clamp(0.0, 1.0),
        g: c.g.clamp(0.0, 1.0),
        b: c.b.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

fn pt(x: f32, y: f32, h: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(h - y),
        },
        bezier: false,
    }
}

/// Writes `layout` as a PDF.
pub fn emit(
    layout: &Layout,
    fonts: &FontSet,
    opts: &DocumentOptions,
) -> Result<Vec<u8>, RenderError> {
    // A document always has a title, for the reader's window (DisplayDocTitle) and for
    // PDF/UA: the options' title, else the first heading.
    let title = match opts.title.trim() {
        "" => layout
            .outline
            .first()
            .map(|e| e.title.as_str())
            .unwrap_or_default(),
        t => t,
    };
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.author = opts.author.clone();
    doc.metadata.info.creator = "werkt".into();
    doc.metadata.info.producer = "werkt-render".into();
    let created = opts
        .created_unix
        .and_then(|t| printpdf::OffsetDateTime::from_unix_timestamp(t).ok())
        .unwrap_or_else(printpdf::OffsetDateTime::now_utc);
    doc.metadata.info.creation_date = created;
    doc.metadata.info.modification_date = created;
    doc.metadata.info.metadata_date = created;

    // Glyphs used per face (with the space that ends a line, see `line_ends`).
    let line_ends = line_ends(layout);
    let mut used: Vec<BTreeSet<u16>> = vec![BTreeSet::new(); fonts.faces.len()];
    for (page, ends) in layout.pages.iter().zip(&line_ends) {
        for (item, end) in page.items.iter().zip(ends) {
            if let Item::Text { style, text, .. } = item {
                for c in text.chars().chain(end.then_some(' ')) {
                    let (f, g) = fonts.resolve(*style, c);
                    used[f].insert(g);
                }
            }
        }
    }
    let mut embedded: Vec<Option<FontId>> = Vec::with_capacity(used.len());
    for (f, glyphs) in used.iter().enumerate() {
        if glyphs.is_empty() {
            embedded.push(None);
            continue;
        }
        embedded.push(Some(embed_subset(&mut doc, fonts, f, glyphs)?));
    }

    let logo = match &opts.logo {
        Some(l)
            if layout
                .pages
                .iter()
                .any(|p| p.items.iter().any(|i| matches!(i, Item::Logo { .. }))) =>
        {
            Some((doc.add_image(&l.image), l.image.width as f32))
        }
        _ => None,
    };

    let mut pages = Vec::with_capacity(layout.pages.len());
    let mut marks = Marks {
        parents: Vec::with_capacity(layout.pages.len()),
        content: vec![Vec::new(); layout.structure.len()],
    };
    for (page_index, page) in layout.pages.iter().enumerate() {
        crate::error::in_time(opts.deadline)?;
        let h = page.height;
        let mut ops = Vec::with_capacity(page.items.len() * 6);
        let mut parents = Vec::new();
        for ((item, tag), &line_end) in page.tagged().zip(&line_ends[page_index]) {
            if !item.draws() {
                continue;
            }
            // Every item is marked content: an artifact, or content of its structure
            // element with the next MCID of the page (so MCIDs follow drawing order;
            // the structure tree gives the reading order).
            match tag {
                Tag::Content(e) if e < layout.structure.len() => {
                    let mcid = parents.len();
                    parents.push(e);
                    marks.content[e].push((page_index, mcid));
                    ops.push(Op::BeginMarkedContentWithProperties {
                        tag: layout.structure[e].role.name().into(),
                        properties: DictItem::Dict {
                            map: [("MCID".to_string(), DictItem::Int(mcid as i64))].into(),
                        },
                    });
                }
                Tag::Pagination => ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Artifact".into(),
                    properties: DictItem::Dict {
                        map: [("Type".to_string(), DictItem::Name(b"Pagination".to_vec()))].into(),
                    },
                }),
                _ => ops.push(Op::BeginMarkedContent {
                    tag: "Artifact".into(),
                }),
            }
            match item {
                Item::Text {
                    x,
                    y,
                    size,
                    style,
                    color: c,
                    text,
                } => {
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFillColor { col: color(*c) });
                    ops.push(Op::SetTextCursor {
                        pos: Point {
                            x: Pt(*x),
                            y: Pt(h - y),
                        },
                    });
                    // One run per face; printpdf maps the run's characters through the
                    // subset's Unicode cmap and writes /ToUnicode from them. A kerned pair
                    // splits the run's text with the adjustment between (a TJ array), the
                    // same adjustment `FontSet::width` measured: a TJ number is subtracted
                    // from the advance in thousandths of an em, so the kerning is negated.
                    let mut run: Vec<TextItem> = Vec::new();
                    let mut piece = String::new();
                    let mut run_face = usize::MAX;
                    let mut prev: Option<char> = None;
                    let flush = |ops: &mut Vec<Op>, face: usize, run: &mut Vec<TextItem>| {
                        if run.is_empty() {
                            return;
                        }
                        if let Some(Some(id)) = embedded.get(face) {
                            ops.push(Op::SetFont {
                                font: PdfFontHandle::External(id.clone()),
                                size: Pt(*size),
                            });
                            ops.push(Op::ShowText {
                                items: std::mem::take(run),
                            });
                        }
                        run.clear();
                    };
                    for ch in text.chars().chain(line_end.then_some(' ')) {
                        let (f, _) = fonts.resolve(*style, ch);
                        if f != run_face {
                            if !piece.is_empty() {
                                run.push(TextItem::Text(std::mem::take(&mut piece)));
                            }
                            flush(&mut ops, run_face, &mut run);
                            run_face = f;
                            prev = None;
                        }
                        if let Some(p) = prev {
                            let k = fonts.kern(*style, 1.0, p, ch);
                            if k != 0.0 && !piece.is_empty() {
                                run.push(TextItem::Text(std::mem::take(&mut piece)));
                                run.push(TextItem::Offset(-k * 1000.0));
                            }
                        }
                        piece.push(ch);
                        prev = Some(ch);
                    }
                    if !piece.is_empty() {
                        run.push(TextItem::Text(piece));
                    }
                    flush(&mut ops, run_face, &mut run);
                    ops.push(Op::EndTextSection);
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h: rh,
                    fill,
                    stroke,
                } => {
                    let mode = match (fill, stroke) {
                        (Some(_), Some(_)) => PaintMode::FillStroke,
                        (Some(_), None) => PaintMode::Fill,
                        (None, Some(_)) => PaintMode::Stroke,
                        (None, None) => continue,
                    };
                    if let Some(f) = fill {
                        ops.push(Op::SetFillColor { col: color(*f) });
                    }
                    if let Some((s, width)) = stroke {
                        ops.push(Op::SetOutlineColor { col: color(*s) });
                        ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    }
                    let points = vec![
                        pt(*x, *y, h),
                        pt(x + w, *y, h),
                        pt(x + w, y + rh, h),
                        pt(*x, y + rh, h),
                    ];
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![PolygonRing { points }],
                            mode,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                }
                Item::Line {
                    points,
                    color: c,
                    width,
                    dashed,
                } => {
                    if points.len() < 2 {
                        continue;
                    }
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    if *dashed {
                        ops.push(Op::SetLineDashPattern {
                            dash: LineDashPattern::new(0.0, &[4.0, 2.5]),
                        });
                    }
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: points.iter().map(|(x, y)| pt(*x, *y, h)).collect(),
                            is_closed: false,
                        },
                    });
                    if *dashed {
                        ops.push(Op::SetLineDashPattern {
                            dash: LineDashPattern::solid(),
                        });
                    }
                }
                Item::Polygon { points, fill } => {
                    ops.push(Op::SetFillColor { col: color(*fill) });
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![PolygonRing {
                                points: points.iter().map(|(x, y)| pt(*x, *y, h)).collect(),
                            }],
                            mode: PaintMode::Fill,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                }
                Item::Logo { x, y, w, h: lh } => {
                    if let Some((id, px_w)) = &logo {
                        let s = w / px_w.max(1.0);
                        ops.push(Op::UseXobject {
                            id: id.clone(),
                            transform: XObjectTransform {
                                translate_x: Some(Pt(*x)),
                                translate_y: Some(Pt(h - y - lh)),
                                scale_x: Some(s),
                                scale_y: Some(s),
                                dpi: Some(72.0),
                                ..Default::default()
                            },
                        });
                    }
                }
            }
            ops.push(Op::EndMarkedContent);
        }
        marks.parents.push(parents);
        pages.push(PdfPage {
            media_box: printpdf::Rect::from_wh(Pt(page.width), Pt(page.height)),
            trim_box: printpdf::Rect::from_wh(Pt(page.width), Pt(page.height)),
            crop_box: printpdf::Rect::from_wh(Pt(page.width), Pt(page.height)),
            ops,
        });
    }
    doc.with_pages(pages);

    let save = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lodoc = doc.to_lopdf_document(&save, &mut warnings);
    // printpdf writes 1.3; the catalog uses 1.4 (/ViewerPreferences /DisplayDocTitle),
    // and the tagged-PDF work targets PDF/UA-1, which is based on 1.7.
    lodoc.version = PDF_VERSION.into();
    tidy_info(&mut lodoc);
    finish_catalog(&mut lodoc, layout, opts)?;
    add_xmp(&mut lodoc, title, opts)?;
    let links = add_links(&mut lodoc, layout);
    add_structure(&mut lodoc, layout, &marks, &links)?;
    tag_subset_fonts(&mut lodoc);
    compress(&mut lodoc);

    let mut out = Vec::new();
    let save = lo::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(OBJECTS_PER_STREAM)
        .compression_level(COMPRESSION_LEVEL)
        .build();
    lodoc
        .save_with_options(&mut out, save)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    Ok(out)
}

fn embed_subset(
    doc: &mut PdfDocument,
    fonts: &FontSet,
    face: usize,
    glyphs: &BTreeSet<u16>,
) -> Result<FontId, RenderError> {
    let err = |e: String| RenderError::Pdf(format!("subsetting a font: {e}"));
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.iter().copied().filter(|g| *g != 0))
        .collect();
    let parsed = fonts.subset(face, &ids, || {
        let scope = ReadScope::new(&fonts.faces[face].bytes);
        let data = scope
            .read::<FontData<'_>>()
            .map_err(|e| err(e.to_string()))?;
        let provider = data.table_provider(0).map_err(|e| err(e.to_string()))?;
        let sub = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| err(e.to_string()))?;
        let mut warnings = Vec::new();
        printpdf::ParsedFont::from_bytes(&sub, 0, &mut warnings)
            .ok_or_else(|| err("the subset font could not be read back".into()))
    })?;
    Ok(doc.add_font(&parsed))
}

/// Deflates every uncompressed stream at a fast level: lopdf's own `compress` uses the
/// slowest level, which cost two thirds of the render time for a few percent of size. One
/// compressor serves every stream of every document a thread renders: a new one allocates
/// its window and hash tables (fresh pages the kernel must zero) each time, which cost more
/// than compressing the many small streams of a report.
fn compress(doc: &mut lo::Document) {
    thread_local! {
        static DEFLATE: std::cell::RefCell<flate2::Compress> = std::cell::RefCell::new(
            flate2::Compress::new(flate2::Compression::new(COMPRESSION_LEVEL), true),
        );
    }
    DEFLATE.with_borrow_mut(|z| compress_with(z, doc));
}

fn compress_with(z: &mut flate2::Compress, doc: &mut lo::Document) {
    for object in doc.objects.values_mut() {
        if let lo::Object::Stream(stream) = object {
            if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
                continue;
            }
            let Some(packed) = deflate(z, &stream.content) else {
                continue;
            };
            if packed.len() + 19 < stream.content.len() {
                stream
                    .dict
                    .set("Filter", lo::Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
    }
}

/// `input` as one zlib stream, `None` if the compressor fails.
fn deflate(z: &mut flate2::Compress, input: &[u8]) -> Option<Vec<u8>> {
    z.reset();
    let start = z.total_in();
    let mut out = Vec::with_capacity(input.len() / 2 + 64);
    loop {
        let read = (z.total_in() - start) as usize;
        let status = z
            .compress_vec(&input[read..], &mut out, flate2::FlushCompress::Finish)
            .ok()?;
        match status {
            flate2::Status::StreamEnd => return Some(out),
            flate2::Status::Ok | flate2::Status::BufError => out.reserve(out.capacity().max(64)),
        }
    }
}

/// Marks the embedded fonts as subsets (`ABCDEF+Name`, PDF 32000 §9.6.4), as readers
/// and preflight tools expect of a font that holds only some glyphs.
fn tag_subset_fonts(doc: &mut lo::Document) {
    for object in doc.objects.values_mut() {
        let lo::Object::Dictionary(d) = object else {
            continue;
        };
        let is_font = matches!(d.get(b"Type"), Ok(lo::Object::Name(n)) if n == b"Font" || n == b"FontDescriptor");
        if !is_font {
            continue;
        }
        for key in [&b"BaseFont"[..], &b"FontName"[..]] {
            if let Ok(lo::Object::Name(name)) = d.get_mut(key) {
                if name.contains(&b'+') || name.len() < 6 {
                    continue;
                }
                let tag: Vec<u8> = name[..6].iter().map(|b| b'A' + b % 26).collect();
                let mut tagged = tag;
                tagged.push(b'+');
                tagged.extend_from_slice(name);
                *name = tagged;
            }
        }
    }
}

/// Objects per object stream. The structure tree is one small dictionary per element
/// (hundreds in a report); written as plain objects they and their cross-reference
/// entries nearly doubled the file, packed into compressed object streams (PDF 1.5) they
/// cost a fraction.
const OBJECTS_PER_STREAM: usize = 200;

/// The header's PDF version.
pub const PDF_VERSION: &str = "1.7";

/// zlib level for streams: level 1 renders the benchmark report in 3 ms instead of
/// 4 ms (level 3) or 8 ms (lopdf's level 9), for PDFs about 10 % larger.
const COMPRESSION_LEVEL: u32 = 1;

fn utf16(s: &str) -> lo::Object {
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    lo::Object::String(b, lo::StringFormat::Hexadecimal)
}

/// Adds to the catalog what readers need to present the document: /Lang, the window
/// title from /Title (/ViewerPreferences /DisplayDocTitle), the page labels and the outline.
fn finish_catalog(
    doc: &mut lo::Document,
    layout: &Layout,
    opts: &DocumentOptions,
) -> Result<(), RenderError> {
    let page_ids: Vec<lo::ObjectId> = doc.get_pages().values().copied().collect();
    let heights: Vec<f32> = layout.pages.iter().map(|p| p.height).collect();
    let lang: String = opts
        .language
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let outline = add_outline(doc, &layout.outline, &page_ids, &heights);
    let labels = page_labels(layout, &opts.labels.cover);
    let catalog = doc
        .catalog_mut()
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    if !lang.is_empty() {
        catalog.set("Lang", lo::Object::string_literal(lang));
    }
    let mut prefs = lo::Dictionary::new();
    prefs.set("DisplayDocTitle", lo::Object::Boolean(true));
    catalog.set("ViewerPreferences", lo::Object::Dictionary(prefs));
    catalog.set("PageLabels", lo::Object::Dictionary(labels));
    if let Some(root) = outline {
        catalog.set("Outlines", lo::Object::Reference(root));
        catalog.set("PageMode", lo::Object::Name(b"UseOutlines".to_vec()));
    }
    Ok(())
}

/// The /PageLabels number tree: the viewer numbers pages as the footer's "n / N" does,
/// counting only the pages that are not a cover, and shows a cover as `cover` (a prefix
/// without a numbering style, so no number follows it). A new range starts wherever a
/// cover begins or ends.
fn page_labels(layout: &Layout, cover: &str) -> lo::Dictionary {
    let mut nums = Vec::new();
    let mut numbered = 0i64;
    let mut previous: Option<bool> = None;
    for (i, page) in layout.pages.iter().enumerate() {
        if previous != Some(page.cover) {
            let mut range = lo::Dictionary::new();
            if page.cover {
                if !cover.is_empty() {
                    range.set("P", utf16(cover));
                }
            } else {
                range.set("S", lo::Object::Name(b"D".to_vec()));
                if numbered > 0 {
                    range.set("St", lo::Object::Integer(numbered + 1));
                }
            }
            nums.push(lo::Object::Integer(i as i64));
            nums.push(lo::Object::Dictionary(range));
        }
        if !page.cover {
            numbered += 1;
        }
        previous = Some(page.cover);
    }
    let mut tree = lo::Dictionary::new();
    tree.set("Nums", lo::Object::Array(nums));
    tree
}

/// Writes the outline and returns its root. Each heading hangs under the nearest heading
/// of a lower level before it (H2 under its H1, H3 under its H2; an H3 straight after an
/// H1 under that H1), so the tree never skips a level and every H1 is at the top. All
/// entries are open: a report's outline is short.
fn add_outline(
    doc: &mut lo::Document,
    outline: &[OutlineEntry],
    page_ids: &[lo::ObjectId],
    heights: &[f32],
) -> Option<lo::ObjectId> {
    if outline.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<lo::ObjectId> = outline.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry (None: the root) and the children of each, in order.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(outline.len());
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); outline.len()];
    let mut top: Vec<usize> = Vec::new();
    // Each entry's place among its siblings.
    let mut slot: Vec<usize> = Vec::with_capacity(outline.len());
    let mut open: Vec<usize> = Vec::new();
    for (i, e) in outline.iter().enumerate() {
        while open.last().is_some_and(|&o| outline[o].level >= e.level) {
            open.pop();
        }
        let p = open.last().copied();
        let siblings = match p {
            Some(p) => &mut kids[p],
            None => &mut top,
        };
        slot.push(siblings.len());
        siblings.push(i);
        parent.push(p);
        open.push(i);
    }
    // Descendants of each entry: children come after their parent, so walk backwards.
    let mut below = vec![0i64; outline.len()];
    for i in (0..outline.len()).rev() {
        below[i] = kids[i].iter().map(|&k| 1 + below[k]).sum();
    }
    for (i, e) in outline.iter().enumerate() {
        let mut d = lo::Dictionary::new();
        d.set("Title", utf16(&e.title));
        d.set(
            "Parent",
            lo::Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        let siblings = parent[i].map_or(&top, |p| &kids[p]);
        if let Some(prev) = slot[i].checked_sub(1).map(|j| siblings[j]) {
            d.set("Prev", lo::Object::Reference(ids[prev]));
        }
        if let Some(&next) = siblings.get(slot[i] + 1) {
            d.set("Next", lo::Object::Reference(ids[next]));
        }
        if let (Some(&first), Some(&last)) = (kids[i].first(), kids[i].last()) {
            d.set("First", lo::Object::Reference(ids[first]));
            d.set("Last", lo::Object::Reference(ids[last]));
            d.set("Count", lo::Object::Integer(below[i]));
        }
        if let Some(dest) = destination(page_ids, heights, e.page, e.y) {
            d.set("Dest", dest);
        }
        doc.objects.insert(ids[i], lo::Object::Dictionary(d));
    }
    let mut d = lo::Dictionary::new();
    d.set("Type", lo::Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        d.set("First", lo::Object::Reference(ids[first]));
        d.set("Last", lo::Object::Reference(ids[last]));
    }
    d.set("Count", lo::Object::Integer(outline.len() as i64));
    doc.objects.insert(root, lo::Object::Dictionary(d));
    Some(root)
}

/// How far above a heading's line a bookmark scrolls to, pt.
const DEST_ABOVE: f32 = 6.0;

/// A destination that scrolls to a little above `y` (pt from the top) on page `page`,
/// keeping the reader's zoom; `None` for a page that does not exist.
fn destination(
    page_ids: &[lo::ObjectId],
    heights: &[f32],
    page: usize,
    y: f32,
) -> Option<lo::Object> {
    let id = page_ids.get(page)?;
    let h = heights.get(page).copied().unwrap_or(0.0);
    let top = (h - y + DEST_ABOVE).clamp(0.0, h);
    Some(lo::Object::Array(vec![
        lo::Object::Reference(*id),
        lo::Object::Name(b"XYZ".to_vec()),
        lo::Object::Null,
        lo::Object::Real(top),
        lo::Object::Null,
    ]))
}

/// A link annotation written for a [`crate::PageLink`]: the element it belongs to, the
/// page it is on, the annotation, and its key in the parent tree (/StructParent).
struct Annotation {
    element: usize,
    page: lo::ObjectId,
    id: lo::ObjectId,
    key: i64,
}

/// Writes the pages' links as /Link annotations (PDF 32000-1 §12.5.6.5) with the link's
/// words as /Contents and a /StructParent (PDF/UA-1 §7.18.5), and lists them on their
/// pages' /Annots. The parent tree keys follow the pages' (page i has key i).
fn add_links(doc: &mut lo::Document, layout: &Layout) -> Vec<Annotation> {
    use lo::Object::{Array, Integer, Name, Real, Reference};
    let page_ids: Vec<lo::ObjectId> = doc.get_pages().values().copied().collect();
    let heights: Vec<f32> = layout.pages.iter().map(|p| p.height).collect();
    let mut out = Vec::new();
    for (page, &pg) in layout.pages.iter().zip(&page_ids) {
        let mut annots = Vec::new();
        for link in &page.links {
            let Some(dest) = destination(&page_ids, &heights, link.page, link.top) else {
                continue;
            };
            let key = (page_ids.len() + out.len()) as i64;
            let h = page.height;
            let mut d = lo::Dictionary::new();
            d.set("Type", Name(b"Annot".to_vec()));
            d.set("Subtype", Name(b"Link".to_vec()));
            d.set(
                "Rect",
                Array(vec![
                    Real(link.x),
                    Real(h - link.y - link.h),
                    Real(link.x + link.w),
                    Real(h - link.y),
                ]),
            );
            d.set("Border", Array(vec![Integer(0), Integer(0), Integer(0)]));
            // Printable (/F 4), as PDF/A and PDF/UA checkers expect of an annotation.
            d.set("F", Integer(4));
            d.set("P", Reference(pg));
            d.set("Contents", utf16(&link.text));
            d.set("Dest", dest);
            d.set("StructParent", Integer(key));
            let id = doc.add_object(lo::Object::Dictionary(d));
            annots.push(Reference(id));
            out.push(Annotation {
                element: link.element,
                page: pg,
                id,
                key,
            });
        }
        if !annots.is_empty()
            && let Ok(p) = doc.get_dictionary_mut(pg)
        {
            p.set("Annots", Array(annots));
        }
    }
    out
}

/// The document information dictionary as a reader or checker expects it: printpdf
/// writes the keys of PDF/X (an empty /GTS_PDFXVersion, /Trapped) and every text key even
/// when empty, which makes pdfinfo call the file PDF/X and fills properties dialogs with
/// blanks. Keeps the keys that carry something.
fn tidy_info(doc: &mut lo::Document) {
    let Ok(id) = doc.trailer.get(b"Info").and_then(|o| o.as_reference()) else {
        return;
    };
    let Ok(info) = doc.get_dictionary_mut(id) else {
        return;
    };
    let empty: Vec<Vec<u8>> = info
        .iter()
        .filter(|(k, v)| {
            matches!(
                k.as_slice(),
                b"GTS_PDFXVersion" | b"Trapped" | b"Identifier"
            ) || matches!(v, lo::Object::String(..))
                && lo::decode_text_string(v).is_ok_and(|t| t.trim().is_empty())
        })
        .map(|(k, _)| k.clone())
        .collect();
    for key in empty {
        info.remove(&key);
    }
}

/// Per page and item, whether a text item is the last of its line in an element that
/// goes on after it (on the next line or page). The layout trims the space where a line
/// wraps, which the eye does not miss, but the text of a tagged element is its runs
/// joined: without a space "lags" + "potential" reads "lagspotential" (PDF 32000-1
/// §14.8.2.5 asks for explicit word breaks). Such a run is shown with a space after it,
/// which draws nothing.
fn line_ends(layout: &Layout) -> Vec<Vec<bool>> {
    let mut next_y: std::collections::HashMap<usize, (usize, f32)> =
        std::collections::HashMap::new();
    let mut out: Vec<Vec<bool>> = layout
        .pages
        .iter()
        .map(|p| vec![false; p.items.len()])
        .collect();
    for (pi, page) in layout.pages.iter().enumerate().rev() {
        for ii in (0..page.items.len()).rev() {
            let tag = page.tags.get(ii).copied().unwrap_or(Tag::Artifact);
            let (Item::Text { y, text, .. }, Tag::Content(e)) = (&page.items[ii], tag) else {
                continue;
            };
            if let Some(&(np, ny)) = next_y.get(&e) {
                let same_line = np == pi && (ny - y).abs() < 0.01;
                out[pi][ii] = !same_line && !text.ends_with(char::is_whitespace);
            }
            next_y.insert(e, (pi, *y));
        }
    }
    out
}

/// Where the marked content of each page and element is: what the structure tree needs.
struct Marks {
    /// Per page, the element each MCID belongs to (MCID = index).
    parents: Vec<Vec<usize>>,
    /// Per element, its marked content as (page index, MCID), in drawing order.
    content: Vec<Vec<(usize, usize)>>,
}

/// Makes the document a tagged PDF (PDF 32000-1 §14.7-14.8, PDF/UA-1): the structure tree
/// of [`Layout::structure`] under /StructTreeRoot, each element's marked content as /K,
/// the /ParentTree from each page's MCIDs back to their elements, /StructParents and
/// /Tabs /S on every page, and /MarkInfo /Marked in the catalog.
///
/// The marked content itself is written with printpdf's own operators
/// (`BeginMarkedContentWithProperties` with an /MCID property list, `BeginMarkedContent`
/// /Artifact) while the pages are emitted; printpdf has no structure tree, so it is added
/// here to the object graph, like the outline, once the page objects exist.
fn add_structure(
    doc: &mut lo::Document,
    layout: &Layout,
    marks: &Marks,
    links: &[Annotation],
) -> Result<(), RenderError> {
    use lo::Object::{Array, Dictionary as Dict, Integer, Name, Reference};
    let page_ids: Vec<lo::ObjectId> = doc.get_pages().values().copied().collect();
    let root = doc.new_object_id();
    let ids: Vec<lo::ObjectId> = layout
        .structure
        .iter()
        .map(|_| doc.new_object_id())
        .collect();
    // Children in reading order: elements are listed parent first, siblings in order.
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); layout.structure.len()];
    for (i, e) in layout.structure.iter().enumerate() {
        if let Some(p) = e.parent.filter(|&p| p < i) {
            kids[p].push(i);
        }
    }
    for (i, e) in layout.structure.iter().enumerate() {
        let mut d = lo::Dictionary::new();
        d.set("Type", Name(b"StructElem".to_vec()));
        d.set("S", Name(e.role.name().as_bytes().to_vec()));
        let parent = match e.parent.filter(|&p| p < i) {
            Some(p) => ids[p],
            None => root,
        };
        d.set("P", Reference(parent));
        let content = &marks.content[i];
        let home = content.first().and_then(|&(p, _)| page_ids.get(p).copied());
        if let Some(pg) = home {
            d.set("Pg", Reference(pg));
        }
        let mut k: Vec<lo::Object> = kids[i].iter().map(|&c| Reference(ids[c])).collect();
        for &(p, mcid) in content {
            let Some(&pg) = page_ids.get(p) else { continue };
            if Some(pg) == home {
                k.push(Integer(mcid as i64));
            } else {
                let mut mcr = lo::Dictionary::new();
                mcr.set("Type", Name(b"MCR".to_vec()));
                mcr.set("Pg", Reference(pg));
                mcr.set("MCID", Integer(mcid as i64));
                k.push(Dict(mcr));
            }
        }
        // A link's annotation is part of its element: an object reference after its text.
        for a in links.iter().filter(|a| a.element == i) {
            let mut objr = lo::Dictionary::new();
            objr.set("Type", Name(b"OBJR".to_vec()));
            objr.set("Obj", Reference(a.id));
            objr.set("Pg", Reference(a.page));
            k.push(Dict(objr));
        }
        d.set("K", Array(k));
        if let Some(alt) = &e.alt {
            d.set("Alt", utf16(alt));
        }
        if e.role == Role::TH {
            let mut a = lo::Dictionary::new();
            a.set("O", Name(b"Table".to_vec()));
            a.set("Scope", Name(b"Column".to_vec()));
            d.set("A", Dict(a));
        }
        doc.objects.insert(ids[i], Dict(d));
    }
    // The parent tree: page i (/StructParents i) maps MCID n to the element it is in.
    let mut nums = Vec::with_capacity(2 * page_ids.len());
    for (i, &pg) in page_ids.iter().enumerate() {
        let parents = marks.parents.get(i).map(Vec::as_slice).unwrap_or_default();
        let arr = Array(parents.iter().map(|&e| Reference(ids[e])).collect());
        let arr_id = doc.add_object(arr);
        nums.push(Integer(i as i64));
        nums.push(Reference(arr_id));
        if let Ok(page) = doc.get_dictionary_mut(pg) {
            page.set("StructParents", Integer(i as i64));
            page.set("Tabs", Name(b"S".to_vec()));
        }
    }
    // Each annotation (/StructParent n) maps straight to its element.
    for a in links {
        if let Some(&e) = ids.get(a.element) {
            nums.push(Integer(a.key));
            nums.push(Reference(e));
        }
    }
    let mut parent_tree = lo::Dictionary::new();
    parent_tree.set("Nums", Array(nums));
    let mut r = lo::Dictionary::new();
    r.set("Type", Name(b"StructTreeRoot".to_vec()));
    if let Some(&document) = ids.first() {
        r.set("K", Reference(document));
    }
    r.set("ParentTree", Dict(parent_tree));
    r.set(
        "ParentTreeNextKey",
        Integer((page_ids.len() + links.len()) as i64),
    );
    doc.objects.insert(root, Dict(r));
    let catalog = doc
        .catalog_mut()
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    catalog.set("StructTreeRoot", Reference(root));
    let mut mark_info = lo::Dictionary::new();
    mark_info.set("Marked", lo::Object::Boolean(true));
    catalog.set("MarkInfo", Dict(mark_info));
    Ok(())
}

/// Adds the XMP metadata stream PDF/UA-1 asks for (ISO 14289-1 §5, §7.1): the title
/// (dc:title, which readers show with /DisplayDocTitle), author, language, tool and
/// `pdfuaid:part` 1, which is how a checker or reader learns that the file claims PDF/UA.
/// No dates: PDF/UA does not ask for them here, the information dictionary has them, and an
/// ISO date in a shared output is what the privacy tests look for (only the period's end
/// may appear; tests/tests/individual_data.rs). Left uncompressed, as metadata is meant to
/// be found by tools that do not parse PDF.
fn add_xmp(doc: &mut lo::Document, title: &str, opts: &DocumentOptions) -> Result<(), RenderError> {
    fn esc(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
                c => out.push(c),
            }
        }
        out
    }
    let author = match opts.author.trim() {
        "" => String::new(),
        a => format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            esc(a)
        ),
    };
    let lang: String = opts
        .language
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let language = match lang.as_str() {
        "" => String::new(),
        l => format!("<dc:language><rdf:Bag><rdf:li>{l}</rdf:li></rdf:Bag></dc:language>\n"),
    };
    let xmp = format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
  <rdf:Description rdf:about=\"\"\n\
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n\
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
   <dc:format>application/pdf</dc:format>\n\
   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
{author}{language}\
   <pdf:Producer>werkt-render</pdf:Producer>\n\
   <xmp:CreatorTool>werkt</xmp:CreatorTool>\n\
   <pdfuaid:part>1</pdfuaid:part>\n\
  </rdf:Description>\n\
 </rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = esc(title),
    );
    let mut dict = lo::Dictionary::new();
    dict.set("Type", lo::Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", lo::Object::Name(b"XML".to_vec()));
    let stream = lo::Stream::new(dict, xmp.into_bytes()).with_compression(false);
    let id = doc.add_object(stream);
    let catalog = doc
        .catalog_mut()
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    catalog.set("Metadata", lo::Object::Reference(id));
    Ok(())
}
