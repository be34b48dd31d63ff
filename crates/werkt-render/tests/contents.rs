//! The contents page (```` ```contents ````, issue 15 Navigation), from the layout and read
//! back from the PDF with lopdf: it lists the chapters and sections with the page numbers
//! the footer prints on their pages; each entry is a /Link annotation to its heading,
//! tagged for PDF/UA (TOC > TOCI > Link with the entry's text and an OBJR to the
//! annotation, the annotation's /StructParent leading back to the Link); inserting the
//! page moves the bookmarks with the pages they point at; the cover stays unnumbered.

mod common;

use common::footer_numbers;
use lopdf::{Dictionary, Document, Object, ObjectId};
use werkt_render::{DocumentOptions, Item, Labels, Layout, Role, Tag};

const COVER: &str = "```cover\n{\"title\": \"Monthly report\", \"period\": \"October 2026\", \"organisation\": \"Org\"}\n```\n\n";
const CONTENTS: &str = "```contents\n```\n\n";
const BREAK: &str = "\n```pagebreak\n```\n\n";

/// Cover, contents, then chapters (H1) with sections (H2, H3) over pages started by page
/// breaks and by text running over.
fn report(contents: &str) -> String {
    let filler: String = (1..=60)
        .map(|i| format!("Paragraph {i} of filler text that takes a line or two.\n\n"))
        .collect();
    let mut md = String::from(COVER);
    md.push_str(contents);
    md.push_str("# Summary\n\nThe month in short.\n\n## Highlights\n\n- One.\n- Two.\n");
    md.push_str(BREAK);
    md.push_str("# Sick leave\n\nIntro.\n\n## Units\n\nText.\n");
    md.push_str(BREAK);
    md.push_str("## Interventions\n\nText.\n\n### Teams\n\nMore text.\n");
    md.push_str(BREAK);
    md.push_str("# Engagement\n\nIntro.\n\n### Straight under a chapter\n\nText.\n");
    md.push_str(BREAK);
    md.push_str("# Methods\n\n");
    md.push_str(&filler);
    md.push_str("## Sources\n\n- A source.\n");
    md
}

fn opts() -> DocumentOptions {
    DocumentOptions {
        title: "Org — 2026-10".into(),
        header: "Org".into(),
        created_unix: Some(1_790_000_000),
        ..DocumentOptions::default()
    }
}

fn render(md: &str, opts: &DocumentOptions) -> (Layout, Document) {
    let r = common::renderer();
    let layout = r.layout(md, opts).expect("layout");
    let pdf = r.emit(&layout, opts).expect("emit");
    (layout, Document::load_mem(&pdf).expect("a valid PDF"))
}

/// The page a heading's text is drawn on, outside the contents pages.
fn drawn_on(layout: &Layout, title: &str, contents: &[usize]) -> usize {
    layout
        .pages
        .iter()
        .enumerate()
        .filter(|(i, _)| !contents.contains(i))
        .find(|(_, p)| p.texts().any(|(t, _, _)| t == title))
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{title} is not drawn"))
}

/// A contents entry as laid out: its title, the number printed after it, the page its
/// link goes to, and the page the entry is on.
#[derive(Debug)]
struct Entry {
    title: String,
    number: String,
    target: usize,
    on: usize,
}

fn entries(layout: &Layout) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, page) in layout.pages.iter().enumerate() {
        for link in &page.links {
            assert_eq!(layout.structure[link.element].role, Role::Link);
            let texts: Vec<&str> = page
                .tagged()
                .filter(|(_, t)| *t == Tag::Content(link.element))
                .filter_map(|(item, _)| match item {
                    Item::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            let (number, title) = texts.split_last().expect("a title and a number");
            out.push(Entry {
                title: title.concat().trim().to_string(),
                number: number.to_string(),
                target: link.page,
                on: i,
            });
            assert_eq!(link.text, out.last().unwrap().title);
        }
    }
    out
}

#[test]
fn the_contents_list_chapters_and_sections_with_the_footer_page_numbers() {
    let (layout, _) = render(&report(CONTENTS), &opts());
    assert!(layout.pages[0].cover);
    let contents_page = &layout.pages[1];
    assert!(!contents_page.cover);
    assert_eq!(
        contents_page.texts().next().map(|t| t.0),
        Some("Contents"),
        "the contents page follows the cover and starts with its title"
    );
    let list = entries(&layout);
    let titles: Vec<&str> = list.iter().map(|e| e.title.as_str()).collect();
    // H1 and H2 only (the default depth): the H3s are left out.
    assert_eq!(
        titles,
        [
            "Summary",
            "Highlights",
            "Sick leave",
            "Units",
            "Interventions",
            "Engagement",
            "Methods",
            "Sources"
        ]
    );
    let footer = footer_numbers(&layout);
    assert_eq!(footer[0], None, "the cover is unnumbered");
    assert_eq!(
        footer[1].as_deref(),
        Some("1"),
        "the contents page is page 1"
    );
    for e in &list {
        assert_eq!(e.on, 1);
        assert_eq!(e.target, drawn_on(&layout, &e.title, &[1]), "{e:?}");
        assert_eq!(
            Some(&e.number),
            footer[e.target].as_ref(),
            "{}: the number printed in the contents is not the footer's",
            e.title
        );
    }
    // Summary is on the page after the contents; Sources where Methods ran over to.
    assert_eq!(list[0].number, "2");
    assert_eq!(list[7].target, layout.pages.len() - 1);

    // Entries nest as the outline does: sections are indented under their chapter, and
    // numbers end at the same right edge.
    let x_of = |title: &str| {
        contents_page
            .texts()
            .find(|(t, _, _)| t.trim() == title)
            .map(|(_, x, _)| x)
            .unwrap()
    };
    assert!(x_of("Highlights") > x_of("Summary"));
    assert_eq!(x_of("Units"), x_of("Highlights"));
    let r = common::renderer();
    let ends: Vec<f32> = contents_page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                x,
                text,
                size,
                style,
                ..
            } if text.parse::<u32>().is_ok() && *size > 9.0 => {
                Some(x + r.fonts().width(*style, *size, text))
            }
            _ => None,
        })
        .collect();
    assert_eq!(ends.len(), 8);
    assert!(ends.iter().all(|e| (e - ends[0]).abs() < 0.01), "{ends:?}");
}

#[test]
fn depth_picks_the_levels_listed_and_bad_specs_are_errors() {
    let (layout, _) = render(&report("```contents\n{\"depth\": 1}\n```\n\n"), &opts());
    let titles: Vec<String> = entries(&layout).into_iter().map(|e| e.title).collect();
    assert_eq!(titles, ["Summary", "Sick leave", "Engagement", "Methods"]);

    let (layout, _) = render(&report("```contents\n{\"depth\": 3}\n```\n\n"), &opts());
    let titles: Vec<String> = entries(&layout).into_iter().map(|e| e.title).collect();
    assert!(titles.contains(&"Teams".to_string()));
    assert!(titles.contains(&"Straight under a chapter".to_string()));

    let r = common::renderer();
    for bad in [
        "```contents\n{\"depth\": 4}\n```\n",
        "```contents\n{\"depth\": 0}\n```\n",
        "```contents\n{\"levels\": 2}\n```\n",
        "```contents\nnot json\n```\n",
        "```contents wide\n```\n",
    ] {
        let e = r.layout(bad, &opts()).expect_err(bad).to_string();
        assert!(e.contains("contents"), "{bad}: {e}");
    }

    // Without headings there is nothing to list: no contents page.
    let (layout, _) = render(&format!("{COVER}{CONTENTS}Just text.\n"), &opts());
    assert_eq!(layout.pages.len(), 2);
    assert!(layout.pages.iter().all(|p| p.links.is_empty()));
}

#[test]
fn a_long_contents_runs_over_pages_and_counts_itself() {
    let mut md = String::from(COVER);
    md.push_str(CONTENTS);
    for i in 1..=70 {
        md.push_str(&format!(
            "# Chapter {i}\n\nText.\n\n## Part {i}\n\nText.\n{BREAK}"
        ));
    }
    let (layout, doc) = render(&md, &opts());
    let list = entries(&layout);
    assert_eq!(list.len(), 140);
    let contents_pages: Vec<usize> = {
        let mut v: Vec<usize> = list.iter().map(|e| e.on).collect();
        v.dedup();
        v
    };
    assert!(contents_pages.len() >= 3, "{contents_pages:?}");
    assert_eq!(contents_pages[0], 1);
    let footer = footer_numbers(&layout);
    for e in &list {
        assert_eq!(e.target, drawn_on(&layout, &e.title, &contents_pages));
        assert_eq!(Some(&e.number), footer[e.target].as_ref(), "{e:?}");
    }
    // Chapter 1 comes after all the contents pages.
    assert_eq!(list[0].target, contents_pages.last().unwrap() + 1);
    assert_eq!(doc.get_pages().len(), layout.pages.len());
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> &'a [u8] {
    d.get(key).unwrap().as_name().unwrap()
}

/// The page index of a destination array's page.
fn dest_page(doc: &Document, dest: &Object) -> usize {
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let dest = dest.as_array().unwrap();
    assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
    pages
        .iter()
        .position(|p| *p == dest[0].as_reference().unwrap())
        .expect("a page of the document")
}

#[test]
fn links_are_annotations_to_the_heading_pages_tagged_for_pdf_ua() {
    let (layout, doc) = render(&report(CONTENTS), &opts());
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let contents_id = pages[1];
    let page = doc.get_dictionary(contents_id).unwrap();
    assert_eq!(name(page, b"Tabs"), b"S");
    let annots = page.get(b"Annots").unwrap().as_array().unwrap();
    let list = entries(&layout);
    assert_eq!(annots.len(), list.len());

    let catalog = doc.catalog().unwrap();
    let root = dict(&doc, catalog.get(b"StructTreeRoot").unwrap());
    let parent_tree = dict(&doc, root.get(b"ParentTree").unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let next_key = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
    assert_eq!(next_key as usize, pages.len() + annots.len());

    for (annot, entry) in annots.iter().zip(&list) {
        let annot_id = annot.as_reference().unwrap();
        let a = doc.get_dictionary(annot_id).unwrap();
        assert_eq!(name(a, b"Subtype"), b"Link");
        assert_eq!(
            lopdf::decode_text_string(a.get(b"Contents").unwrap()).unwrap(),
            entry.title
        );
        // The link goes to the heading's page.
        assert_eq!(dest_page(&doc, a.get(b"Dest").unwrap()), entry.target);
        // Its rectangle lies on the contents page.
        let rect: Vec<f32> = a
            .get(b"Rect")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect();
        assert!(
            rect[0] < rect[2] && rect[1] < rect[3] && rect[3] < 842.0,
            "{rect:?}"
        );

        // /StructParent → the parent tree → a Link element whose /K has an OBJR to
        // this annotation, in a TOCI, in a TOC.
        let key = a.get(b"StructParent").unwrap().as_i64().unwrap();
        let at = nums
            .chunks(2)
            .find(|c| c[0].as_i64().unwrap() == key)
            .expect("the annotation's key is in the parent tree");
        let link_id = at[1].as_reference().unwrap();
        let link = doc.get_dictionary(link_id).unwrap();
        assert_eq!(name(link, b"S"), b"Link");
        let kids = link.get(b"K").unwrap().as_array().unwrap();
        let objr = kids
            .iter()
            .filter_map(|k| match k {
                Object::Dictionary(d) => Some(d),
                _ => None,
            })
            .find(|d| d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"OBJR"))
            .expect("an OBJR in the Link's /K");
        assert_eq!(objr.get(b"Obj").unwrap().as_reference().unwrap(), annot_id);
        assert!(
            kids.iter().any(|k| matches!(k, Object::Integer(_))),
            "the Link holds the entry's text as marked content"
        );
        let toci = dict(&doc, link.get(b"P").unwrap());
        assert_eq!(name(toci, b"S"), b"TOCI");
        let toc = dict(&doc, toci.get(b"P").unwrap());
        assert_eq!(name(toc, b"S"), b"TOC");
    }

    // In reading order the contents come after the cover and before the first chapter.
    let document = dict(&doc, root.get(b"K").unwrap());
    let order: Vec<Vec<u8>> = document
        .get(b"K")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k.as_reference().ok())
        .map(|id| name(doc.get_dictionary(id).unwrap(), b"S").to_vec())
        .collect();
    let toc = order.iter().position(|s| s == b"TOC").expect("a TOC");
    let first_h1 = order.iter().position(|s| s == b"H1").unwrap();
    assert_eq!(order[toc - 1], b"H1", "the contents title heads the TOC");
    assert_eq!(first_h1, toc - 1);
    assert!(order[..first_h1].iter().all(|s| s == b"P"), "{order:?}");
    assert_eq!(order[toc + 1], b"H1");
}

#[test]
fn bookmarks_and_page_labels_follow_the_inserted_page() {
    for (labels, cover, title) in [
        (Labels::english(), "Cover", "Contents"),
        (Labels::dutch(), "Omslag", "Inhoud"),
    ] {
        let opts = DocumentOptions { labels, ..opts() };
        let (layout, doc) = render(&report(CONTENTS), &opts);
        assert_eq!(layout.pages[1].texts().next().unwrap().0, title);
        // Every bookmark still points at the page its heading is drawn on.
        for entry in &layout.outline {
            assert_eq!(
                entry.page,
                drawn_on(&layout, &entry.title, &[1]),
                "{entry:?}"
            );
        }
        let catalog = doc.catalog().unwrap();
        let root = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
        let mut at = doc
            .get_dictionary(root)
            .unwrap()
            .get(b"First")
            .ok()
            .map(|o| o.as_reference().unwrap());
        let mut seen = 0;
        while let Some(id) = at {
            let d = doc.get_dictionary(id).unwrap();
            let t = lopdf::decode_text_string(d.get(b"Title").unwrap()).unwrap();
            let page = dest_page(&doc, d.get(b"Dest").unwrap());
            assert_eq!(page, drawn_on(&layout, &t, &[1]), "{t}");
            seen += 1;
            at = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
        }
        assert_eq!(seen, 4, "four chapters at the top of the outline");

        // /PageLabels: the cover by name, then the footer's numbers from the contents on.
        let tree = dict(&doc, catalog.get(b"PageLabels").unwrap());
        let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
        assert_eq!(nums[0].as_i64().unwrap(), 0);
        let first = dict(&doc, &nums[1]);
        assert_eq!(
            lopdf::decode_text_string(first.get(b"P").unwrap()).unwrap(),
            cover
        );
        assert!(first.get(b"S").is_err(), "the cover has no number");
        assert_eq!(nums[2].as_i64().unwrap(), 1);
        let rest = dict(&doc, &nums[3]);
        assert_eq!(name(rest, b"S"), b"D");
        assert_eq!(rest.get(b"St").map(|s| s.as_i64().unwrap()).unwrap_or(1), 1);
        assert_eq!(nums.len(), 4);
    }
}
