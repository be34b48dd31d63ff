//! Writes the sample report (every markup element) to /tmp/werkt-sample.pdf, or to the
//! path given as the first argument. Look at it with
//! `pdftoppm -png -r 60 /tmp/werkt-sample.pdf /tmp/werkt-sample`. A second argument N
//! renders N more times and prints the mean time per render.

use werkt_render::{DocumentOptions, FontOptions, Labels, Logo, Renderer, Rgb};

/// A 2-colour PNG logo drawn in code, so the example needs no image file.
fn logo_png() -> Vec<u8> {
    let (w, h) = (240u32, 80u32);
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0u8); // filter: none
        for x in 0..w {
            let inside = (x / 40 + y / 40) % 2 == 0 || (x > 130 && y > 20 && y < 60);
            raw.extend_from_slice(if inside {
                &[0x1F, 0x5F, 0xAD]
            } else {
                &[0xE8, 0xEF, 0xF8]
            });
        }
    }
    png_encode(w, h, &raw)
}

fn png_encode(w: u32, h: u32, raw: &[u8]) -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc(&body).to_be_bytes());
    }
    // zlib stream with stored (uncompressed) deflate blocks.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65535).collect();
    for (i, b) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        z.extend_from_slice(&(b.len() as u16).to_le_bytes());
        z.extend_from_slice(&(!(b.len() as u16)).to_le_bytes());
        z.extend_from_slice(b);
    }
    let (mut a, mut b2) = (1u32, 0u32);
    for &x in raw {
        a = (a + u32::from(x)) % 65521;
        b2 = (b2 + a) % 65521;
    }
    z.extend_from_slice(&((b2 << 16) | a).to_be_bytes());
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/werkt-sample.pdf".into());
    let renderer = Renderer::new(&FontOptions::default())?;
    let opts = DocumentOptions {
        title: "Maandrapportage maart 2026".into(),
        author: "werkt".into(),
        language: "nl".into(),
        logo: Some(Logo::from_bytes(&logo_png())?),
        accent: Rgb::from_hex("#1F5FAD").ok_or("bad colour")?,
        header: "Gemeente Zuidervaart · Maandrapportage maart 2026".into(),
        footer: "Vertrouwelijk".into(),
        labels: Labels::dutch(),
        ..DocumentOptions::default()
    };
    let pdf = renderer.render(include_str!("sample.md"), &opts)?;
    std::fs::write(&path, &pdf)?;
    println!("wrote {path} ({} bytes)", pdf.len());
    // Optional second argument: render that many more times and print the mean time.
    if let Some(n) = std::env::args().nth(2).and_then(|n| n.parse::<u32>().ok()) {
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(renderer.render(include_str!("sample.md"), &opts)?);
        }
        println!(
            "{:.2} ms per render",
            start.elapsed().as_secs_f64() * 1000.0 / f64::from(n.max(1))
        );
    }
    Ok(())
}
