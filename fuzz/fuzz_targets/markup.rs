//! The report markup parser and layout (werkt_render::Renderer::layout) on arbitrary text.
//! Templates escape user data, but a template author's mistake or a hostile template must
//! still end in a RenderError, never a panic or a hang.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use werkt_render::{DocumentOptions, FontOptions, Renderer};

fuzz_target!(|data: &[u8]| {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    let renderer =
        RENDERER.get_or_init(|| Renderer::new(&FontOptions::default()).expect("default fonts"));
    let Ok(markup) = std::str::from_utf8(data) else {
        return;
    };
    let _ = renderer.layout(markup, &DocumentOptions::default());
});
