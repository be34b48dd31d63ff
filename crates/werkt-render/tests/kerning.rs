//! Pair kerning (issue 15): DejaVu Sans kerns pairs such as "AV", "To" and "Ye" in its
//! GPOS table; text is measured with the pairs (so wrapping and right alignment measure
//! what is drawn) and drawn with the same adjustments as TJ numbers, while the text a
//! reader copies stays the same words.

mod common;

use lopdf::{Document, Object, content::Content};
use werkt_render::{DocumentOptions, Item, Style};

/// Pairs DejaVu Sans tightens, in every style the layout sets text in.
const KERNED: [&str; 4] = ["AV", "To", "Ye", "LT"];

#[test]
fn known_pairs_measure_narrower_than_their_glyphs() {
    let r = common::renderer();
    let f = r.fonts();
    for style in [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ] {
        for pair in KERNED {
            let mut cs = pair.chars();
            let (a, b) = (cs.next().unwrap(), cs.next().unwrap());
            let apart = f.char_width(style, 10.0, a) + f.char_width(style, 10.0, b);
            let together = f.width(style, 10.0, pair);
            assert!(
                together < apart - 0.1,
                "{style:?} {pair}: {together} is not narrower than {apart}"
            );
            assert!(
                (together - apart - f.kern(style, 10.0, a, b)).abs() < 1e-4,
                "{style:?} {pair}: width and kern disagree"
            );
        }
    }
    // Not every pair is kerned: "oo" is its glyphs' width.
    let oo = f.width(Style::Regular, 10.0, "oo");
    assert!((oo - 2.0 * f.char_width(Style::Regular, 10.0, 'o')).abs() < 1e-4);
    // Kerning works along a word: "AVAV" is three kerned pairs.
    let (rg, sz) = (Style::Regular, 10.0);
    let glyphs = 2.0 * (f.char_width(rg, sz, 'A') + f.char_width(rg, sz, 'V'));
    let pairs = 2.0 * f.kern(rg, sz, 'A', 'V') + f.kern(rg, sz, 'V', 'A');
    assert!((f.width(rg, sz, "AVAV") - glyphs - pairs).abs() < 1e-3);
}

#[test]
fn wrapped_lines_are_measured_with_kerning() {
    let r = common::renderer();
    let md = "AVAVAV Tower Yes LTA AV To Ye AVAVAV Tower Yes LTA AV To Ye AVAVAV Tower Yes LTA AV To Ye AVAVAV Tower Yes LTA AV To Ye\n";
    let layout = r.layout(md, &common::opts()).unwrap();
    let body: Vec<(f32, &str)> = layout.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { x, size, text, .. } if *size == 10.0 => Some((*x, text.as_str())),
            _ => None,
        })
        .collect();
    assert!(body.len() >= 2, "{body:?}");
    for (x, text) in body {
        // One run per line (one style): its measured width is the kerned width, so the
        // line ends within the text width.
        let w = r.fonts().width(Style::Regular, 10.0, text);
        assert!(
            x + w <= 595.28 - 20.0 * 72.0 / 25.4 + 0.01,
            "{text}: {x} + {w}"
        );
    }
}

/// The TJ arrays of the content stream of page `page` (1-based), flattened.
fn tj_arrays(doc: &Document, page: u32) -> Vec<Vec<Object>> {
    let pages = doc.get_pages();
    let id = pages[&page];
    let content = Content::decode(&doc.get_page_content(id)).unwrap();
    content
        .operations
        .into_iter()
        .filter(|op| op.operator == "TJ")
        .map(|op| op.operands[0].as_array().unwrap().clone())
        .collect()
}

#[test]
fn the_content_stream_kerns_with_tj_numbers_and_text_still_copies() {
    let r = common::renderer();
    let opts = DocumentOptions {
        title: "Kerning".into(),
        ..DocumentOptions::default()
    };
    let md = "AV\n\nTower\n\nYes\n";
    let pdf = r.render(md, &opts).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let arrays = tj_arrays(&doc, 1);
    // Each word is one TJ with a number between its kerned pair: the negated kerning in
    // thousandths of an em (DejaVu tightens these pairs, so the numbers are positive).
    for (word, expect) in [("AV", ('A', 'V')), ("To", ('T', 'o')), ("Ye", ('Y', 'e'))] {
        let kern = r.fonts().kern(Style::Regular, 1000.0, expect.0, expect.1);
        assert!(kern < 0.0, "{word} is not kerned");
        let found = arrays.iter().any(|a| {
            a.len() >= 3
                && a.iter().any(|o| match o {
                    Object::Real(n) => (f64::from(*n) + f64::from(kern)).abs() < 0.01,
                    Object::Integer(n) => (*n as f64 + f64::from(kern)).abs() < 0.01,
                    _ => false,
                })
        });
        assert!(
            found,
            "no TJ adjustment of {} for {word}: {arrays:?}",
            -kern
        );
    }
    // The words copy whole: no kerning number becomes a space.
    let text = doc.extract_text(&[1]).unwrap();
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in ["AV", "Tower", "Yes"] {
        assert!(words.contains(&w), "{w} does not copy: {text:?}");
    }
}

#[test]
fn right_aligned_numbers_end_at_the_cell_edge_with_kerning() {
    // A right-aligned cell whose text has kerned pairs still ends at the cell's right
    // padding: the alignment measured the kerned width that is drawn.
    let r = common::renderer();
    let md = "| Name | Code |\n|:--|--:|\n| a | AVAV To |\n| b | x |\n";
    let layout = r.layout(md, &common::opts()).unwrap();
    let page = &layout.pages[0];
    let ends: Vec<f32> = page
        .texts()
        .filter(|(t, _, _)| *t == "AVAV To" || *t == "x")
        .map(|(t, x, _)| x + r.fonts().width(Style::Regular, 9.0, t))
        .collect();
    assert_eq!(ends.len(), 2);
    assert!((ends[0] - ends[1]).abs() < 0.01, "{ends:?}");
}

#[test]
fn no_pair_opens_a_gap_a_text_extractor_reads_as_a_space() {
    // Extractors such as pdftotext start a new word at a gap of about a tenth of an em or
    // more; kerning that loosened a pair that much would split the word when copied.
    let r = common::renderer();
    let mut widest = (0.0f32, ' ', ' ');
    for style in [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ] {
        for a in '!'..='~' {
            for b in '!'..='~' {
                let k = r.fonts().kern(style, 1.0, a, b);
                if k > widest.0 {
                    widest = (k, a, b);
                }
            }
        }
    }
    assert!(widest.0 < 0.08, "{widest:?}");
}

/// DejaVu Sans with the tables named in `hide` renamed in its table directory, so a reader
/// does not find them (the new names sort where the old ones did).
fn without_tables(hide: &[&[u8; 4]]) -> Vec<u8> {
    let mut font = dejavu::sans::regular().to_vec();
    let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
    for i in 0..tables {
        let at = 12 + 16 * i;
        if hide.iter().any(|t| &font[at..at + 4] == *t) {
            font[at + 3] = b'_';
        }
    }
    font
}

#[test]
fn a_font_with_only_the_legacy_kern_table_is_kerned_from_it() {
    let gpos = common::renderer();
    let legacy = werkt_render::Renderer::new(&werkt_render::FontOptions {
        regular: Some(without_tables(&[b"GPOS"])),
        ..Default::default()
    })
    .unwrap();
    let none = werkt_render::Renderer::new(&werkt_render::FontOptions {
        regular: Some(without_tables(&[b"GPOS", b"kern"])),
        ..Default::default()
    })
    .unwrap();
    for pair in KERNED {
        let mut cs = pair.chars();
        let (a, b) = (cs.next().unwrap(), cs.next().unwrap());
        let from_gpos = gpos.fonts().kern(Style::Regular, 1000.0, a, b);
        let from_kern = legacy.fonts().kern(Style::Regular, 1000.0, a, b);
        assert!(from_kern < 0.0, "{pair} is not kerned from the kern table");
        // DejaVu's two tables hold the same pairs.
        assert!(
            (from_gpos - from_kern).abs() < 0.5,
            "{pair}: {from_gpos} against {from_kern}"
        );
        assert_eq!(none.fonts().kern(Style::Regular, 1000.0, a, b), 0.0);
    }
}
