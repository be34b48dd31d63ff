//! Renders documents to PDF and reads them back with lopdf: text, page numbers,
//! metadata, language and outline.

mod common;

use werkt_render::{DocumentOptions, FontOptions, Labels, RenderOptions, Renderer};

fn text_of(pdf: &[u8]) -> (lopdf::Document, Vec<String>) {
    let doc = lopdf::Document::load_mem(pdf).expect("valid PDF");
    let n = doc.get_pages().len() as u32;
    let pages = (1..=n)
        .map(|p| doc.extract_text(&[p]).expect("text extracts"))
        .collect();
    (doc, pages)
}

#[test]
fn rendered_text_extracts_with_headings_figures_and_page_numbers() {
    let md = include_str!("../examples/sample.md");
    let opts = DocumentOptions {
        title: "Maandrapportage maart 2026".into(),
        author: "werkt test".into(),
        language: "nl".into(),
        labels: Labels::dutch(),
        header: "Zuidervaart".into(),
        created_unix: Some(1_775_000_000),
        ..DocumentOptions::default()
    };
    let pdf = Renderer::new(&FontOptions::default())
        .unwrap()
        .render(md, &opts)
        .unwrap();
    let (doc, pages) = text_of(&pdf);
    let all = pages.join("\n");
    for needle in [
        "Samenvatting",
        "Verzuim",
        "Eenheden",
        "Interventies",
        "Methode",
        "€ 182.400",
        "4,2%",
        "Zoë",
        "Noël",
        "streepje –",
        "Waarschuwing",
        "t.o.v. vorige periode",
    ] {
        assert!(all.contains(needle), "{needle} not in extracted text");
    }
    let n = pages.len() - 1; // the cover is not numbered
    assert!(pages[1].contains(&format!("1 / {n}")), "{}", pages[1]);
    assert!(pages[n].contains(&format!("{n} / {n}")));
    assert!(!pages[0].contains(" / "));

    // Metadata, language and outline.
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .unwrap();
    let info = doc.get_dictionary(info).unwrap();
    let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert_eq!(title, "Maandrapportage maart 2026");
    let author = lopdf::decode_text_string(info.get(b"Author").unwrap()).unwrap();
    assert_eq!(author, "werkt test");
    let created = info.get(b"CreationDate").unwrap().as_str().unwrap();
    assert!(
        created.starts_with(b"D:2026"),
        "{}",
        String::from_utf8_lossy(created)
    );
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"nl");
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let first = doc
        .get_dictionary(outlines.get(b"First").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(
        lopdf::decode_text_string(first.get(b"Title").unwrap()).unwrap(),
        "Samenvatting"
    );
    // H2 "Belangrijkste bevindingen" hangs under "Samenvatting".
    let kid = doc
        .get_dictionary(first.get(b"First").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(
        lopdf::decode_text_string(kid.get(b"Title").unwrap()).unwrap(),
        "Belangrijkste bevindingen"
    );
}

#[test]
fn fonts_are_subset_and_small() {
    let pdf = werkt_render::render("# Hi\n\nSmall **doc**.\n", &RenderOptions::default()).unwrap();
    // Three faces (regular, bold) of ~700 kB each would be over a megabyte whole.
    assert!(pdf.len() < 40_000, "{} bytes", pdf.len());
    let (_, pages) = text_of(&pdf);
    // "doc" is its own (bold) text object, so lopdf puts a line break before it.
    let words: Vec<&str> = pages[0].split_whitespace().collect();
    assert!(words.windows(2).any(|w| w == ["Small", "doc"]), "{words:?}");
}

#[test]
fn a_user_font_is_used_and_missing_glyphs_fall_back() {
    // DejaVu Sans Condensed stands in for a house font.
    let fonts = FontOptions {
        regular: Some(dejavu::sans_condensed::regular().to_vec()),
        ..FontOptions::default()
    };
    let r = Renderer::new(&fonts).unwrap();
    let pdf = r
        .render("Plain text € ë –\n", &DocumentOptions::default())
        .unwrap();
    let (_, pages) = text_of(&pdf);
    assert!(pages[0].contains("Plain text € ë –"));
    assert!(
        Renderer::new(&FontOptions {
            bold: Some(b"not a font".to_vec()),
            ..FontOptions::default()
        })
        .is_err()
    );
}

#[test]
fn one_renderer_gives_each_document_the_glyphs_of_its_own_text() {
    // The renderer keeps font subsets between documents; each document must still carry
    // exactly the glyphs its own text needs, whatever was rendered before it.
    let r = Renderer::new(&FontOptions::default()).unwrap();
    let opts = DocumentOptions::default();
    let docs = [
        "# Alpha\n\nabc 123",
        "# Zulu\n\nxyz 789 Zoë €",
        "# Alpha\n\nabc 123",
        "# Quebec\n\nqwerty — 4,5%",
    ];
    for md in docs {
        let pdf = r.render(md, &opts).unwrap();
        let (_, pages) = text_of(&pdf);
        let text = pages.join(" ");
        for word in md.split_whitespace().filter(|w| *w != "#") {
            assert!(text.contains(word), "{word:?} missing from {text:?}");
        }
    }
}
