//! The report's escaping of user text (werkt_report::escape::markdown) against the renderer's
//! own markup parser: whatever a unit name holds, in a paragraph, a heading or a table cell it
//! stays exactly that one block with that text, and as a chart category (escape::fence_json)
//! it stays that one chart with that category. A failure here is markup injection.
#![no_main]

use libfuzzer_sys::fuzz_target;
use werkt_render::markup::{Block, Span, parse};
use werkt_report::escape::{fence_json, markdown};

fn text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(name) = std::str::from_utf8(data) else {
        return;
    };
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let expected = cleaned.trim();
    let escaped = markdown(name);

    let para = format!("Unit: {escaped}\n");
    let blocks = parse(&para).expect("a paragraph parses");
    match blocks.as_slice() {
        [Block::Paragraph(spans)] => {
            assert_eq!(
                text(spans).trim_end(),
                format!("Unit: {expected}").trim_end(),
                "{para:?}"
            )
        }
        other => panic!("{para:?} became {other:?}"),
    }

    let heading = format!("## Unit {escaped}\n");
    match parse(&heading).expect("a heading parses").as_slice() {
        [Block::Heading { level: 2, spans }] => {
            assert_eq!(
                text(spans).trim_end(),
                format!("Unit {expected}").trim_end(),
                "{heading:?}"
            )
        }
        other => panic!("{heading:?} became {other:?}"),
    }

    let table = format!("| unit | n |\n|---|---:|\n| {escaped} | 5 |\n");
    match parse(&table).expect("a table parses").as_slice() {
        [Block::Table(t)] => {
            assert_eq!(t.rows.len(), 1, "{table:?}");
            assert_eq!(t.rows[0].len(), 2, "{table:?}");
            assert_eq!(text(&t.rows[0][0]).trim(), expected, "{table:?}");
            assert_eq!(text(&t.rows[0][1]), "5", "{table:?}");
        }
        other => panic!("{table:?} became {other:?}"),
    }

    let spec = serde_json::json!({
        "kind": "bar",
        "title": name,
        "categories": [name],
        "series": [{"name": name, "values": [1.0]}],
    });
    let chart = format!("```chart\n{}\n```\n", fence_json(&spec).expect("json"));
    match parse(&chart).expect("a chart parses").as_slice() {
        [Block::Chart(c)] => {
            assert_eq!(c.categories, [name], "{chart:?}");
            assert_eq!(c.title.as_deref(), Some(name), "{chart:?}");
        }
        other => panic!("{chart:?} became {other:?}"),
    }
});
