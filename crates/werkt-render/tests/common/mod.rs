//! Helpers shared by the layout tests.
#![allow(dead_code)]

use werkt_render::{DocumentOptions, FontOptions, Item, Layout, Page, Renderer};

pub fn renderer() -> Renderer {
    Renderer::new(&FontOptions::default()).expect("DejaVu loads")
}

pub fn opts() -> DocumentOptions {
    DocumentOptions {
        title: "Test".into(),
        header: "Header".into(),
        ..DocumentOptions::default()
    }
}

pub fn lay(md: &str) -> Layout {
    renderer().layout(md, &opts()).expect("layout")
}

/// Text of a page grouped into lines: (baseline rounded to 0.01, x of first run, text).
pub fn lines(page: &Page) -> Vec<(f32, f32, String)> {
    let mut runs: Vec<(f32, f32, String)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { x, y, text, .. } => Some(((y * 100.0).round() / 100.0, *x, text.clone())),
            _ => None,
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<(f32, f32, String)> = Vec::new();
    for (y, x, t) in runs {
        match out.last_mut() {
            Some(l) if (l.0 - y).abs() < 0.01 => {
                if !l.2.ends_with(' ') && !t.starts_with(' ') {
                    l.2.push(' ');
                }
                l.2.push_str(&t);
            }
            _ => out.push((y, (x * 100.0).round() / 100.0, t)),
        }
    }
    out
}

/// Body lines only (drops the running header and footer).
pub fn body_lines(page: &Page) -> Vec<(f32, f32, String)> {
    let top = 20.0 * 72.0 / 25.4;
    let bottom = page.height - 20.0 * 72.0 / 25.4;
    lines(page)
        .into_iter()
        .filter(|l| l.0 > top && l.0 < bottom)
        .collect()
}

/// The number the footer prints on each page ("n / N" → n), `None` on a cover.
pub fn footer_numbers(layout: &Layout) -> Vec<Option<String>> {
    layout
        .pages
        .iter()
        .map(|p| {
            p.items.iter().find_map(|i| match i {
                Item::Text { text, .. } => {
                    let (n, total) = text.split_once(" / ")?;
                    (n.parse::<u32>().is_ok() && total.parse::<u32>().is_ok())
                        .then(|| n.to_string())
                }
                _ => None,
            })
        })
        .collect()
}
