//! Renders a markup file: `cargo run -p werkt-render --example render_file -- IN.md OUT.pdf [en|nl]`.
//! Handy while writing templates: errors print with the markup line.

use werkt_render::{DocumentOptions, FontOptions, Labels, Renderer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, rest @ ..] = args.as_slice() else {
        return Err("usage: render_file IN.md OUT.pdf [en|nl]".into());
    };
    let dutch = rest.first().is_some_and(|l| l == "nl");
    let markup = std::fs::read_to_string(input)?;
    let opts = DocumentOptions {
        title: input.clone(),
        language: if dutch { "nl" } else { "en" }.into(),
        labels: if dutch {
            Labels::dutch()
        } else {
            Labels::english()
        },
        ..DocumentOptions::default()
    };
    let start = std::time::Instant::now();
    let pdf = Renderer::new(&FontOptions::default())?.render(&markup, &opts)?;
    std::fs::write(output, &pdf)?;
    println!(
        "wrote {output}: {} bytes in {:.1} ms",
        pdf.len(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
