//! Helpers for the end-to-end tests: find the binaries `cargo build --workspace` wrote, and
//! make scratch copies of the example data to break on purpose.
//!
//! The tests run the real `werkt` executable and load the real plugin libraries, so they
//! need `cargo build --workspace` first; `cargo xtask test` does that.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod exports;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// target/<profile>/, where cargo put `werkt` and the plugin libraries.
pub fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    // target/<profile>/deps/<test binary>
    exe.parent()
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps")
        .to_path_buf()
}

pub fn werkt_path() -> PathBuf {
    let p = bin_dir().join(format!("werkt{}", std::env::consts::EXE_SUFFIX));
    assert!(
        p.exists(),
        "{} is missing: run `cargo build --workspace` first (cargo xtask test does)",
        p.display()
    );
    p
}

/// A `werkt` command with a clean environment for configuration (no WERKT_* from the caller).
pub fn werkt() -> Command {
    let mut c = Command::new(werkt_path());
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("WERKT_") {
            c.env_remove(k);
        }
    }
    c
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("werkt starts")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies a directory tree (the example organisation, fixtures) into `dst`.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// Every file below `dir` (not following symbolic links), sorted; none when `dir` is missing.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                out.extend(files_below(&e.path()));
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// The example organisation's directory.
pub fn example_org() -> PathBuf {
    root().join("examples/zorgcentrum-rivierzicht")
}

/// A configuration file in `dir` with `body`, for tests that need their own settings.
pub fn write_config(dir: &Path, body: &str) -> PathBuf {
    let p = dir.join("werkt.toml");
    std::fs::write(&p, body).unwrap();
    p
}

/// The text of every page of a PDF, in page order, as a reader's copy and paste or a screen
/// reader gets it (read with lopdf, so the tests need no PDF tools installed).
pub fn pdf_text(pdf: &Path) -> String {
    let doc =
        lopdf::Document::load(pdf).unwrap_or_else(|e| panic!("{}: not a PDF: {e}", pdf.display()));
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages
        .iter()
        .map(|&p| {
            doc.extract_text(&[p])
                .unwrap_or_else(|e| panic!("{}: page {p}: {e}", pdf.display()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn pdf_page_count(pdf: &Path) -> usize {
    lopdf::Document::load(pdf)
        .unwrap_or_else(|e| panic!("{}: not a PDF: {e}", pdf.display()))
        .get_pages()
        .len()
}

/// Whether the PDF holds a link that leaves the document: a URI action, or a link
/// annotation that does not go to a place in the document (the contents page's entries
/// do, by /Dest).
pub fn pdf_has_external_links(pdf: &Path) -> bool {
    let doc =
        lopdf::Document::load(pdf).unwrap_or_else(|e| panic!("{}: not a PDF: {e}", pdf.display()));
    doc.objects.values().any(|o| {
        o.as_dict().is_ok_and(|d| {
            let name =
                |k: &[u8], v: &[u8]| d.get(k).and_then(|s| s.as_name()).is_ok_and(|n| n == v);
            d.has(b"URI") || name(b"S", b"URI") || (name(b"Subtype", b"Link") && !d.has(b"Dest"))
        })
    })
}

/// Every text a PDF carries outside its page content, as a reader or a tool can get at it:
/// each string object (bookmark titles, figure /Alt texts, metadata, link targets), decoded
/// from UTF-16 or PDFDocEncoding, and the XMP metadata stream. Objects packed in compressed
/// object streams are unpacked by lopdf on loading. Font programs and page streams, binary or
/// glyph ids, are left out: `pdf_text` gives the page text.
pub fn pdf_strings(pdf: &Path) -> String {
    let doc =
        lopdf::Document::load(pdf).unwrap_or_else(|e| panic!("{}: not a PDF: {e}", pdf.display()));
    let mut out = String::new();
    let mut push = |bytes: &[u8]| {
        if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            out.push_str(&String::from_utf16_lossy(&units));
        } else {
            out.push_str(&String::from_utf8_lossy(bytes));
        }
        out.push('\n');
    };
    fn strings(o: &lopdf::Object, push: &mut dyn FnMut(&[u8])) {
        match o {
            lopdf::Object::String(b, _) => push(b),
            lopdf::Object::Array(a) => a.iter().for_each(|o| strings(o, push)),
            lopdf::Object::Dictionary(d) => d.iter().for_each(|(_, o)| strings(o, push)),
            lopdf::Object::Stream(s) => {
                s.dict.iter().for_each(|(_, o)| strings(o, push));
                let metadata = s
                    .dict
                    .get(b"Type")
                    .and_then(|t| t.as_name())
                    .is_ok_and(|n| n == b"Metadata");
                if metadata {
                    push(
                        &s.decompressed_content()
                            .unwrap_or_else(|_| s.content.clone()),
                    );
                }
            }
            _ => {}
        }
    }
    for o in doc.objects.values() {
        strings(o, &mut push);
    }
    out
}
