//! Renders a representative report (cover, KPI tiles, a notice, lists, 6 charts of every
//! kind, two tables; 6 pages) with a renderer built once, as the CLI does.

use criterion::{Criterion, criterion_group, criterion_main};
use werkt_render::{DocumentOptions, FontOptions, Labels, Renderer};

const REPORT: &str = include_str!("report.md");

fn bench(c: &mut Criterion) {
    let renderer = Renderer::new(&FontOptions::default()).expect("default fonts load");
    let opts = DocumentOptions {
        title: "Maandrapportage".into(),
        author: "werkt".into(),
        language: "nl".into(),
        header: "Gemeente Zuidervaart · Maandrapportage maart 2026".into(),
        labels: Labels::dutch(),
        ..DocumentOptions::default()
    };
    let layout = renderer.layout(REPORT, &opts).expect("report lays out");
    let charts = REPORT.matches("```chart").count();
    eprintln!(
        "benchmark report: {} pages, {} charts",
        layout.pages.len(),
        charts
    );
    c.bench_function("render_report", |b| {
        b.iter(|| {
            renderer
                .render(std::hint::black_box(REPORT), &opts)
                .expect("renders")
        })
    });
    c.bench_function("layout_only", |b| {
        b.iter(|| {
            renderer
                .layout(std::hint::black_box(REPORT), &opts)
                .expect("lays out")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
