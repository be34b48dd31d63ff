//! Navigation and document metadata, read back from the PDF with lopdf (issue 15): the
//! outline follows the heading levels (every H1 at the top, never a skipped level) and
//! each bookmark scrolls to its heading; the viewer's page labels are the footer's page
//! numbers with the cover unnumbered; the header says PDF 1.7; the information dictionary
//! has no empty or PDF/X keys; the reader shows the title; negative numbers carry a real
//! minus sign that copies as U+2212.

mod common;

use common::footer_numbers;
use lopdf::{Dictionary, Document, Object, ObjectId};
use werkt_render::{DocumentOptions, Item, Labels, Layout};

const COVER: &str = "```cover\n{\"title\": \"Monthly report\", \"period\": \"October 2026\", \"organisation\": \"Org\"}\n```\n\n";
const BREAK: &str = "\n```pagebreak\n```\n\n";

/// A report-shaped document: a cover, chapters (H1) with parts (H2, H3) over pages
/// started by page breaks and by text running over, an H3 straight under an H1, and a
/// chart whose axis goes below zero.
fn report_markup() -> String {
    let filler = |n: usize| -> String {
        (1..=n)
            .map(|i| format!("Paragraph {i} of filler text that takes a line or two.\n\n"))
            .collect()
    };
    let mut md = String::from(COVER);
    md.push_str("# Summary\n\nThe month in short.\n\n## Highlights\n\n- One.\n- Two.\n");
    md.push_str(BREAK);
    md.push_str("# Sick leave\n\nIntro.\n\n## Units\n\n");
    md.push_str("```chart\n{\"kind\": \"bar\", \"title\": \"Return\", \"categories\": [\"A\", \"B\", \"C\"], \"series\": [{\"name\": \"return\", \"values\": [-2.5, 1.5, 3.0]}]}\n```\n");
    md.push_str(BREAK);
    md.push_str("## Interventions\n\nText.\n\n### Teams\n\nMore text.\n");
    md.push_str(BREAK);
    md.push_str("# Engagement\n\nIntro.\n\n### Straight under a chapter\n\nText.\n");
    md.push_str(BREAK);
    md.push_str("# Methods\n\n");
    md.push_str(&filler(60));
    md.push_str("## Sources\n\n- A source.\n");
    md
}

fn opts() -> DocumentOptions {
    DocumentOptions {
        title: "Org — 2026-10".into(),
        author: "werkt".into(),
        header: "Org".into(),
        created_unix: Some(1_790_000_000),
        ..DocumentOptions::default()
    }
}

fn render(md: &str, opts: &DocumentOptions) -> (Layout, Vec<u8>, Document) {
    let r = common::renderer();
    let layout = r.layout(md, opts).expect("layout");
    let pdf = r.emit(&layout, opts).expect("emit");
    let doc = Document::load_mem(&pdf).expect("a valid PDF");
    (layout, pdf, doc)
}

fn text(o: &Object) -> String {
    lopdf::decode_text_string(o).expect("a text string")
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

/// One bookmark as read back: title, 0-based page of its destination, the top its
/// destination scrolls to, and its children.
#[derive(Debug)]
struct Mark {
    title: String,
    page: usize,
    top: f32,
    kids: Vec<Mark>,
}

/// Reads the children of an outline node, checking the links the format requires:
/// /Parent back to the node, /Prev mirroring /Next, /Last the final child, and /Count
/// (all entries are open) the number of descendants.
fn children(doc: &Document, node_id: ObjectId, node: &Dictionary, pages: &[ObjectId]) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut at = node.get(b"First").ok().map(|o| o.as_reference().unwrap());
    let mut prev: Option<ObjectId> = None;
    while let Some(id) = at {
        let d = doc.get_dictionary(id).unwrap();
        assert_eq!(d.get(b"Parent").unwrap().as_reference().unwrap(), node_id);
        assert_eq!(d.get(b"Prev").ok().map(|o| o.as_reference().unwrap()), prev);
        let dest = d.get(b"Dest").unwrap().as_array().unwrap();
        assert_eq!(dest.len(), 5, "{dest:?}");
        assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
        let page = pages
            .iter()
            .position(|p| *p == dest[0].as_reference().unwrap())
            .expect("the destination is a page of the document");
        let kids = children(doc, id, d, pages);
        let below: i64 = kids.iter().map(count).sum();
        match d.get(b"Count") {
            Ok(c) => assert_eq!(c.as_i64().unwrap(), below),
            Err(_) => assert!(kids.is_empty()),
        }
        out.push(Mark {
            title: text(d.get(b"Title").unwrap()),
            page,
            top: dest[3].as_float().unwrap(),
            kids,
        });
        prev = Some(id);
        at = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
    }
    if let Some(last) = prev {
        assert_eq!(node.get(b"Last").unwrap().as_reference().unwrap(), last);
    }
    out
}

fn count(m: &Mark) -> i64 {
    1 + m.kids.iter().map(count).sum::<i64>()
}

fn outline(doc: &Document) -> Vec<Mark> {
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let catalog = doc.catalog().unwrap();
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let root_id = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let root = doc.get_dictionary(root_id).unwrap();
    let marks = children(doc, root_id, root, &pages);
    assert_eq!(
        root.get(b"Count").unwrap().as_i64().unwrap(),
        marks.iter().map(count).sum::<i64>()
    );
    marks
}

/// The outline as (depth, title, page) lines, depth first.
fn flat(marks: &[Mark], depth: usize, out: &mut Vec<(usize, String, usize)>) {
    for m in marks {
        out.push((depth, m.title.clone(), m.page));
        flat(&m.kids, depth + 1, out);
    }
}

/// The label a viewer shows for the page at `index`, from the catalog's /PageLabels
/// (PDF 32000 §12.4.2; only the decimal style is expected here).
fn page_label(doc: &Document, index: usize) -> String {
    let catalog = doc.catalog().unwrap();
    let tree = dict(doc, catalog.get(b"PageLabels").expect("/PageLabels"));
    let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
    let (start, range) = nums
        .chunks(2)
        .map(|c| (c[0].as_i64().unwrap() as usize, dict(doc, &c[1])))
        .take_while(|(start, _)| *start <= index)
        .last()
        .expect("a range starting at page 0");
    let prefix = range.get(b"P").map(text).unwrap_or_default();
    match range.get(b"S") {
        Ok(style) => {
            assert_eq!(style.as_name().unwrap(), b"D");
            let first = range.get(b"St").map(|s| s.as_i64().unwrap()).unwrap_or(1);
            format!("{prefix}{}", first + (index - start) as i64)
        }
        Err(_) => prefix,
    }
}

#[test]
fn the_outline_nests_by_heading_level_and_points_at_each_heading() {
    let (layout, _, doc) = render(&report_markup(), &opts());
    let marks = outline(&doc);
    let mut lines = Vec::new();
    flat(&marks, 0, &mut lines);
    let shape: Vec<(usize, &str)> = lines.iter().map(|(d, t, _)| (*d, t.as_str())).collect();
    assert_eq!(
        shape,
        [
            (0, "Summary"),
            (1, "Highlights"),
            (0, "Sick leave"),
            (1, "Units"),
            (1, "Interventions"),
            (2, "Teams"),
            (0, "Engagement"),
            // An H3 right after an H1 hangs under it: no level is skipped.
            (1, "Straight under a chapter"),
            (0, "Methods"),
            (1, "Sources"),
        ]
    );
    // Pages: the cover is page 0; page breaks start 1-4; Sources is where the Methods'
    // text ran over to.
    let pages: Vec<usize> = lines.iter().map(|l| l.2).collect();
    let sources = layout.pages.len() - 1;
    assert!(
        sources > 5,
        "Methods should run over: {} pages",
        layout.pages.len()
    );
    assert_eq!(pages, [1, 1, 2, 2, 3, 3, 4, 4, 5, sources]);

    // Each destination is the page the heading is drawn on, and scrolls to just above it.
    fn check(marks: &[Mark], layout: &Layout) {
        for m in marks {
            let page = &layout.pages[m.page];
            let baseline = page
                .items
                .iter()
                .find_map(|i| match i {
                    Item::Text { text, y, .. } if *text == m.title => Some(*y),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{} is not drawn on page {}", m.title, m.page));
            let above = m.top - (page.height - baseline);
            assert!(
                (0.0..=40.0).contains(&above),
                "{}: destination {} pt above the baseline",
                m.title,
                above
            );
            check(&m.kids, layout);
        }
    }
    check(&marks, &layout);
}

#[test]
fn a_document_starting_below_h1_still_has_every_h1_at_the_top() {
    let md = "## Before any chapter\n\n### Its part\n\n# Chapter\n\n## Part\n\n#### Too deep for the outline\n\n# Next chapter\n";
    let (_, _, doc) = render(md, &opts());
    let mut lines = Vec::new();
    flat(&outline(&doc), 0, &mut lines);
    let shape: Vec<(usize, &str)> = lines.iter().map(|(d, t, _)| (*d, t.as_str())).collect();
    assert_eq!(
        shape,
        [
            (0, "Before any chapter"),
            (1, "Its part"),
            (0, "Chapter"),
            (1, "Part"),
            (0, "Next chapter"),
        ]
    );
}

#[test]
fn page_labels_are_the_footer_numbers_and_the_cover_is_named() {
    for (labels, cover) in [(Labels::english(), "Cover"), (Labels::dutch(), "Omslag")] {
        let opts = DocumentOptions { labels, ..opts() };
        let (layout, _, doc) = render(&report_markup(), &opts);
        let footer = footer_numbers(&layout);
        assert_eq!(doc.get_pages().len(), layout.pages.len());
        assert_eq!(footer[0], None, "the cover has no number");
        for (i, n) in footer.iter().enumerate() {
            let expected = n.clone().unwrap_or_else(|| cover.to_string());
            assert_eq!(page_label(&doc, i), expected, "page index {i}");
        }
        assert_eq!(page_label(&doc, 1), "1");
    }

    // A second cover in the middle (a report per unit bound together): numbering
    // continues after it as the footer's does.
    let md = format!(
        "{COVER}# One\n\ntext\n{BREAK}# Two\n\ntext\n\n{COVER}# Three\n\ntext\n{BREAK}# Four\n"
    );
    let (layout, _, doc) = render(&md, &opts());
    let footer = footer_numbers(&layout);
    let labels: Vec<String> = (0..layout.pages.len())
        .map(|i| page_label(&doc, i))
        .collect();
    assert_eq!(labels, ["Cover", "1", "2", "Cover", "3", "4"]);
    for (label, n) in labels.iter().zip(&footer) {
        if let Some(n) = n {
            assert_eq!(label, n);
        }
    }

    // Without a cover the labels are the physical page numbers, one range.
    let (_, _, doc) = render(&format!("# A\n{BREAK}# B\n"), &opts());
    assert_eq!(page_label(&doc, 0), "1");
    assert_eq!(page_label(&doc, 1), "2");
}

#[test]
fn header_version_info_and_viewer_preferences() {
    let (_, pdf, doc) = render(&report_markup(), &opts());
    assert!(pdf.starts_with(b"%PDF-1.7\n"), "{:?}", &pdf[..9]);
    assert_eq!(doc.version, "1.7");

    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    for (key, value) in info.iter() {
        let key = String::from_utf8_lossy(key);
        assert!(
            !["GTS_PDFXVersion", "Trapped", "Identifier"].contains(&key.as_ref()),
            "/{key} is a PDF/X key"
        );
        if let Object::String(..) = value {
            assert!(!text(value).trim().is_empty(), "/{key} is empty");
        }
    }
    assert_eq!(text(info.get(b"Title").unwrap()), "Org — 2026-10");
    assert_eq!(text(info.get(b"Author").unwrap()), "werkt");
    assert!(info.get(b"Subject").is_err() && info.get(b"Keywords").is_err());
    assert!(info.get(b"CreationDate").is_ok() && info.get(b"ModDate").is_ok());

    let catalog = doc.catalog().unwrap();
    let prefs = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en");

    // Without a title in the options the first heading is the title: a reader that shows
    // the title must have one.
    let untitled = DocumentOptions {
        title: String::new(),
        author: String::new(),
        ..opts()
    };
    let (_, _, doc) = render("# First heading\n\ntext\n", &untitled);
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    assert_eq!(text(info.get(b"Title").unwrap()), "First heading");
    assert!(info.get(b"Author").is_err(), "an empty author is left out");
}

#[test]
fn negative_chart_values_print_and_copy_with_a_real_minus_sign() {
    let (layout, _, doc) = render(&report_markup(), &opts());
    // The chart's axis goes below zero: its tick labels are drawn with U+2212 ...
    let drawn: Vec<&str> = layout.pages[2]
        .texts()
        .map(|(t, _, _)| t)
        .filter(|t| t.starts_with('\u{2212}'))
        .collect();
    assert!(!drawn.is_empty(), "no negative tick on the chart's page");
    // ... and the PDF's text (through the fonts' /ToUnicode) gives them back as U+2212,
    // never as a hyphen-minus before a digit.
    let copied = doc.extract_text(&[3]).unwrap();
    for t in &drawn {
        assert!(copied.contains(t), "{t:?} does not copy: {copied:?}");
    }
    let hyphen_digit = copied
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'-' && w[1].is_ascii_digit());
    assert!(!hyphen_digit, "a hyphen-minus before a digit: {copied:?}");
}
