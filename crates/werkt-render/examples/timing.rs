//! Times the phases of rendering the sample report (layout, emit) in a loop.
use werkt_render::{DocumentOptions, FontOptions, Labels, Renderer};
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let r = Renderer::new(&FontOptions::default())?;
    let opts = DocumentOptions {
        title: "T".into(),
        labels: Labels::dutch(),
        ..DocumentOptions::default()
    };
    let md = include_str!("../benches/report.md");
    let n = 100;
    let t = std::time::Instant::now();
    let mut layout = None;
    for _ in 0..n {
        layout = Some(r.layout(md, &opts)?);
    }
    let lt = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
    let layout = layout.unwrap();
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(r.emit(&layout, &opts)?);
    }
    let et = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
    println!(
        "pages {} layout {lt:.2} ms emit {et:.2} ms",
        layout.pages.len()
    );
    Ok(())
}
