//! The C ABI between `werkt` and a plugin library, version 1 (docs/plugin-abi.md).
//!
//! Why a hand-made C ABI: plugins may be built by another rustc than `werkt`, and Rust's own
//! ABI (layouts of `String`, `Vec`, trait objects) is not stable across compilers. So exactly
//! one symbol is exported, [`ENTRY_SYMBOL`], returning a `#[repr(C)]` [`PluginV1`] header of
//! plain integers, C strings and `extern "C"` function pointers; requests and responses cross
//! as JSON bytes in a [`Buffer`] that the side which allocated it also frees.
//!
//! Plugin authors never use this module directly: [`crate::export_plugin!`] expands to a call
//! of [`Export::entry`], and every `unsafe` lives here, in the SDK.
//!
//! Versioning: the first four fields (`magic`, `abi_major`, `abi_minor`, `struct_size`) keep
//! their layout in every version, so a host can always read them and refuse another major
//! before touching anything else. A minor version only appends fields; `struct_size` tells
//! the host which of them a plugin has.

use std::ffi::{CStr, CString, c_char, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use werkt_model::{AnalysisOutput, AnalysisRequest};

use crate::Plugin;

/// `b"WERKTPLG"` read as a little-endian u64: tells a werkt plugin header from random memory.
pub const MAGIC: u64 = u64::from_le_bytes(*b"WERKTPLG");
/// Bumped on any change a host of the previous major could not read.
pub const ABI_MAJOR: u32 = 1;
/// Bumped when fields are appended to [`PluginV1`]; hosts accept any minor of their major.
pub const ABI_MINOR: u32 = 0;
/// The one symbol a plugin library exports, NUL-terminated for `dlsym`.
pub const ENTRY_SYMBOL: &[u8] = b"werkt_plugin_entry\0";
/// The same name without the NUL, for messages.
pub const ENTRY_NAME: &str = "werkt_plugin_entry";

/// The call succeeded; the buffer holds the JSON result.
pub const STATUS_OK: i32 = 0;
/// `Plugin::analyze` returned an error; the buffer holds its message (UTF-8).
pub const STATUS_ANALYSIS_ERROR: i32 = 1;
/// The plugin panicked; the buffer holds the panic message.
pub const STATUS_PANIC: i32 = 2;
/// The request bytes were not a valid `AnalysisRequest`; the buffer holds the parse error.
pub const STATUS_BAD_REQUEST: i32 = 3;
/// The plugin's output could not be sent (e.g. a NaN or infinite value); buffer: why.
pub const STATUS_BAD_OUTPUT: i32 = 4;

/// The signature of [`ENTRY_SYMBOL`]. `host_abi` is the host's [`ABI_MAJOR`]; a plugin always
/// returns its own header (null only if it could not initialise) and the host decides.
pub type EntryFn = unsafe extern "C" fn(host_abi: u32) -> *const PluginV1;
/// Writes the plugin's manifest (JSON) into `*out`; returns a `STATUS_*` code.
pub type DescribeFn = unsafe extern "C" fn(instance: *const c_void, out: *mut Buffer) -> i32;
/// Reads `request_len` bytes of JSON `AnalysisRequest` at `request`, writes the JSON
/// `AnalysisOutput` (or an error message) into `*out`; returns a `STATUS_*` code.
pub type AnalyzeFn = unsafe extern "C" fn(
    instance: *const c_void,
    request: *const u8,
    request_len: usize,
    out: *mut Buffer,
) -> i32;
/// Frees a buffer this plugin wrote into an `out` parameter.
pub type FreeFn = unsafe extern "C" fn(buffer: Buffer);

/// Bytes allocated by the plugin and handed to the host, which copies them and gives them
/// back through [`PluginV1::free`]. `cap` is the plugin's business (its allocator's size).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Buffer {
    pub ptr: *mut u8,
    pub len: usize,
    pub cap: usize,
}

impl Buffer {
    /// No bytes; what the host puts in `*out` before a call.
    pub const EMPTY: Buffer = Buffer {
        ptr: std::ptr::null_mut(),
        len: 0,
        cap: 0,
    };

    /// Hands a vector's allocation over the boundary; [`free_buffer`] takes it back.
    pub fn from_vec(v: Vec<u8>) -> Buffer {
        let mut v = std::mem::ManuallyDrop::new(v);
        Buffer {
            ptr: v.as_mut_ptr(),
            len: v.len(),
            cap: v.capacity(),
        }
    }

    /// Views the bytes.
    ///
    /// # Safety
    /// `ptr` must point to `len` readable bytes (or be null with `len == 0`) that stay valid
    /// for the returned lifetime.
    pub unsafe fn as_slice<'a>(&self) -> &'a [u8] {
        if self.ptr.is_null() || self.len == 0 {
            &[]
        } else {
            // SAFETY: the caller guarantees ptr/len describe live memory.
            unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
        }
    }
}

/// The header a plugin's entry returns (ABI 1.0). Layout and field order are the contract; see
/// docs/plugin-abi.md. Function pointers are `Option` so a null from a hand-written plugin is
/// a value the host can check rather than undefined behaviour.
#[repr(C)]
#[derive(Debug)]
pub struct PluginV1 {
    /// Always [`MAGIC`].
    pub magic: u64,
    /// The plugin's ABI major; the host refuses any other than its own.
    pub abi_major: u32,
    /// The plugin's ABI minor.
    pub abi_minor: u32,
    /// `size_of::<PluginV1>()` as the plugin compiled it; at least the 1.0 size.
    pub struct_size: u32,
    /// Zero; keeps the following pointers 8-aligned on every platform.
    pub reserved: u32,
    /// NUL-terminated UTF-8, the manifest's name; lives as long as the library.
    pub name: *const c_char,
    /// NUL-terminated UTF-8 semantic version; lives as long as the library.
    pub version: *const c_char,
    /// Opaque, passed back as the first argument of `describe` and `analyze`.
    pub instance: *const c_void,
    pub describe: Option<DescribeFn>,
    pub analyze: Option<AnalyzeFn>,
    pub free: Option<FreeFn>,
}

/// The fields every ABI major keeps at the same offsets: what a host reads first, before it
/// knows whether it understands the rest of the header.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct AbiPrefix {
    pub magic: u64,
    pub abi_major: u32,
    pub abi_minor: u32,
    pub struct_size: u32,
}

/// Storage for one exported plugin: the instance, created once on the first entry call and
/// shared by every thread afterwards (plugins are `Send + Sync`).
///
/// The macro places one of these in a `static`; nothing here is meant to be used by hand.
pub struct Export<P: Plugin> {
    cell: OnceLock<Option<Exported<P>>>,
}

/// The plugin and its names are leaked on purpose: they live as long as the library, which
/// is never unloaded, and the header's pointers into them must never dangle or move.
struct Exported<P: 'static> {
    _plugin: &'static P,
    header: PluginV1,
}

// SAFETY: the raw pointers in `header` point to leaked, never-mutated data (`&'static P` and
// two `&'static CStr`), and `P: Send + Sync`.
unsafe impl<P: Plugin> Sync for Exported<P> {}
// SAFETY: as above; nothing in `Exported` is tied to the thread that built it.
unsafe impl<P: Plugin> Send for Exported<P> {}

impl<P: Plugin> Default for Export<P> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P: Plugin> Export<P> {
    pub const fn new() -> Self {
        Export {
            cell: OnceLock::new(),
        }
    }

    /// The body of `werkt_plugin_entry`: builds the plugin once and returns its header, or null
    /// when `P::new` or `P::manifest` panicked (the host reports that as a load problem).
    pub fn entry(&'static self, _host_abi: u32) -> *const PluginV1 {
        let exported = self
            .cell
            .get_or_init(|| catch_unwind(Exported::<P>::build).ok().flatten());
        match exported {
            Some(e) => &e.header,
            None => std::ptr::null(),
        }
    }
}

impl<P: Plugin> Exported<P> {
    fn build() -> Option<Exported<P>> {
        let plugin: &'static P = Box::leak(Box::new(P::new()));
        let manifest = plugin.manifest();
        // A NUL inside a name is a plugin bug; strip it rather than refuse to load.
        let c = |s: String| -> &'static CStr {
            Box::leak(
                CString::new(s.replace('\0', ""))
                    .unwrap_or_default()
                    .into_boxed_c_str(),
            )
        };
        let name = c(manifest.name);
        let version = c(manifest.version);
        let header = PluginV1 {
            magic: MAGIC,
            abi_major: ABI_MAJOR,
            abi_minor: ABI_MINOR,
            struct_size: size_of::<PluginV1>() as u32,
            reserved: 0,
            name: name.as_ptr(),
            version: version.as_ptr(),
            instance: (plugin as *const P).cast(),
            describe: Some(describe::<P>),
            analyze: Some(analyze::<P>),
            free: Some(free_buffer),
        };
        Some(Exported {
            _plugin: plugin,
            header,
        })
    }
}

/// Turns a caught panic's payload into the message the host shows.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("panicked: {s}")
    } else {
        "panicked (no message)".to_string()
    }
}

/// Writes `bytes` to `*out` and returns `status`; the single exit of every exported call.
///
/// # Safety
/// `out` must be null or valid for writing one [`Buffer`].
unsafe fn reply(out: *mut Buffer, status: i32, bytes: Vec<u8>) -> i32 {
    if out.is_null() {
        return status;
    }
    // SAFETY: checked non-null; the host passes a pointer to its own `Buffer`.
    unsafe { out.write(Buffer::from_vec(bytes)) };
    status
}

unsafe extern "C" fn describe<P: Plugin>(instance: *const c_void, out: *mut Buffer) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `instance` is the pointer this SDK put in the header, to a live `P`.
        let plugin = unsafe { &*instance.cast::<P>() };
        serde_json::to_vec(&plugin.manifest())
    }));
    // SAFETY: `out` comes from the host, per the ABI contract.
    unsafe {
        match result {
            Ok(Ok(json)) => reply(out, STATUS_OK, json),
            Ok(Err(e)) => reply(
                out,
                STATUS_BAD_OUTPUT,
                format!("manifest: {e}").into_bytes(),
            ),
            Err(p) => reply(out, STATUS_PANIC, panic_message(&*p).into_bytes()),
        }
    }
}

unsafe extern "C" fn analyze<P: Plugin>(
    instance: *const c_void,
    request: *const u8,
    request_len: usize,
    out: *mut Buffer,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| -> (i32, Vec<u8>) {
        // SAFETY: `instance` is the pointer this SDK put in the header, to a live `P`; the
        // host passes `request_len` readable bytes at `request`.
        let (plugin, bytes) = unsafe {
            let bytes = Buffer {
                ptr: request.cast_mut(),
                len: request_len,
                cap: 0,
            };
            (&*instance.cast::<P>(), bytes.as_slice())
        };
        let request: AnalysisRequest = match serde_json::from_slice(bytes) {
            Ok(r) => r,
            Err(e) => return (STATUS_BAD_REQUEST, format!("request: {e}").into_bytes()),
        };
        match plugin.analyze(&request) {
            Ok(output) => encode_output(&output),
            Err(e) => (STATUS_ANALYSIS_ERROR, e.0.into_bytes()),
        }
    }));
    let (status, bytes) =
        result.unwrap_or_else(|p| (STATUS_PANIC, panic_message(&*p).into_bytes()));
    // SAFETY: `out` comes from the host, per the ABI contract.
    unsafe { reply(out, status, bytes) }
}

/// Serializes an output after checking it carries only finite numbers: serde_json would
/// silently write NaN as `null`, turning a bug into a plausible-looking "undefined" figure.
pub fn encode_output(output: &AnalysisOutput) -> (i32, Vec<u8>) {
    if let Some(problem) = first_non_finite(output) {
        return (STATUS_BAD_OUTPUT, problem.into_bytes());
    }
    match serde_json::to_vec(output) {
        Ok(json) => (STATUS_OK, json),
        Err(e) => (STATUS_BAD_OUTPUT, format!("output: {e}").into_bytes()),
    }
}

/// Names the first NaN or infinite number in `output`, if any.
pub fn first_non_finite(output: &AnalysisOutput) -> Option<String> {
    for m in &output.metrics {
        if let Some(v) = m.value.filter(|v| !v.is_finite()) {
            return Some(format!(
                "metric '{}' of unit '{}' is {v}, not a finite number",
                m.metric, m.unit
            ));
        }
    }
    for s in &output.series {
        for p in &s.points {
            if let Some(v) = p.y.filter(|v| !v.is_finite()) {
                return Some(format!(
                    "series '{}' point '{}' is {v}, not a finite number",
                    s.key, p.x
                ));
            }
        }
    }
    None
}

/// Frees a buffer made by [`Buffer::from_vec`] in this library.
///
/// # Safety
/// `buffer` must come from this library's `Buffer::from_vec` and be freed once.
pub unsafe extern "C" fn free_buffer(buffer: Buffer) {
    if buffer.ptr.is_null() {
        return;
    }
    // SAFETY: the triple came from a `Vec<u8>` of this library's allocator (see `from_vec`).
    drop(unsafe { Vec::from_raw_parts(buffer.ptr, buffer.len, buffer.cap) });
}

/// Reads a header C string; `None` for null or non-UTF-8.
///
/// # Safety
/// `p` must be null or point to a NUL-terminated string that outlives the call.
pub unsafe fn c_str(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: caller guarantees a NUL-terminated string.
    unsafe { CStr::from_ptr(p) }
        .to_str()
        .ok()
        .map(str::to_owned)
}

/// Exports a type implementing [`Plugin`](crate::Plugin) as a werkt plugin: generates the one
/// C ABI entry point `werkt_plugin_entry`. Invoke once per cdylib crate.
///
/// ```ignore
/// struct Headcount;
/// impl werkt_plugin::Plugin for Headcount { /* ... */ }
/// werkt_plugin::export_plugin!(Headcount);
/// ```
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        /// The werkt plugin entry point (docs/plugin-abi.md).
        #[unsafe(no_mangle)]
        pub extern "C" fn werkt_plugin_entry(host_abi: u32) -> *const $crate::abi::PluginV1 {
            static WERKT_PLUGIN_EXPORT: $crate::abi::Export<$plugin> = $crate::abi::Export::new();
            WERKT_PLUGIN_EXPORT.entry(host_abi)
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Manifest, PluginError};
    use werkt_model::{Dataset, Metric, Period, Privacy};

    struct Echo;

    impl Plugin for Echo {
        fn new() -> Self {
            Echo
        }
        fn manifest(&self) -> Manifest {
            Manifest {
                name: "echo".into(),
                version: "1.2.3".into(),
                description: "test".into(),
                inputs: vec![],
                config: vec![],
                metrics: vec![],
            }
        }
        fn analyze(&self, request: &AnalysisRequest) -> Result<AnalysisOutput, PluginError> {
            match request.config.get("do").and_then(|v| v.as_str()) {
                Some("fail") => Err(PluginError::new("asked to fail")),
                Some("panic") => panic!("asked to panic"),
                Some("nan") => Ok(AnalysisOutput {
                    metrics: vec![Metric {
                        unit: "org".into(),
                        subject: None,
                        metric: "m".into(),
                        value: Some(f64::NAN),
                        n: None,
                        suppressed: false,
                        as_of: None,
                    }],
                    ..Default::default()
                }),
                _ => Ok(AnalysisOutput {
                    warnings: vec![request.data.organisation.id.clone()],
                    ..Default::default()
                }),
            }
        }
    }

    crate::export_plugin!(Echo);

    fn header() -> &'static PluginV1 {
        // SAFETY: the macro above defined this function in this test binary.
        unsafe { &*werkt_plugin_entry(ABI_MAJOR) }
    }

    fn call(config: serde_json::Value) -> (i32, String) {
        let mut data = Dataset::default();
        data.organisation.id = "acme".into();
        let req = AnalysisRequest {
            period: Period::new(2026, 10).unwrap(),
            language: Default::default(),
            privacy: Privacy::default(),
            config,
            data,
        };
        let bytes = serde_json::to_vec(&req).unwrap();
        let h = header();
        let mut out = Buffer::EMPTY;
        // SAFETY: pointers from the header, bytes and out are live.
        unsafe {
            let status = h.analyze.unwrap()(h.instance, bytes.as_ptr(), bytes.len(), &mut out);
            let text = String::from_utf8(out.as_slice().to_vec()).unwrap();
            h.free.unwrap()(out);
            (status, text)
        }
    }

    #[test]
    fn header_describes_the_plugin() {
        let h = header();
        assert_eq!(h.magic, MAGIC);
        assert_eq!((h.abi_major, h.abi_minor), (ABI_MAJOR, ABI_MINOR));
        assert_eq!(h.struct_size as usize, size_of::<PluginV1>());
        // SAFETY: header strings live as long as the static.
        unsafe {
            assert_eq!(c_str(h.name).as_deref(), Some("echo"));
            assert_eq!(c_str(h.version).as_deref(), Some("1.2.3"));
            let mut out = Buffer::EMPTY;
            assert_eq!(h.describe.unwrap()(h.instance, &mut out), STATUS_OK);
            let m: Manifest = serde_json::from_slice(out.as_slice()).unwrap();
            h.free.unwrap()(out);
            assert_eq!(m.name, "echo");
        }
        // Same header on every call: the instance is created once.
        assert!(std::ptr::eq(h, header()));
    }

    #[test]
    fn analyze_round_trips_json() {
        let (status, text) = call(serde_json::json!({}));
        assert_eq!(status, STATUS_OK, "{text}");
        let out: AnalysisOutput = serde_json::from_str(&text).unwrap();
        assert_eq!(out.warnings, vec!["acme".to_string()]);
    }

    #[test]
    fn errors_panics_and_non_finite_values_become_status_codes() {
        assert_eq!(
            call(serde_json::json!({"do": "fail"})),
            (STATUS_ANALYSIS_ERROR, "asked to fail".into())
        );
        let (status, text) = call(serde_json::json!({"do": "panic"}));
        assert_eq!(status, STATUS_PANIC);
        assert!(text.contains("asked to panic"), "{text}");
        let (status, text) = call(serde_json::json!({"do": "nan"}));
        assert_eq!(status, STATUS_BAD_OUTPUT);
        assert!(text.contains("metric 'm' of unit 'org' is NaN"), "{text}");
    }

    #[test]
    fn a_bad_request_is_reported_not_panicked_on() {
        let h = header();
        let junk = b"{not json";
        let mut out = Buffer::EMPTY;
        // SAFETY: as in `call`.
        unsafe {
            let status = h.analyze.unwrap()(h.instance, junk.as_ptr(), junk.len(), &mut out);
            assert_eq!(status, STATUS_BAD_REQUEST);
            h.free.unwrap()(out);
        }
    }

    #[test]
    fn the_fixed_prefix_keeps_its_offsets() {
        // docs/plugin-abi.md promises these offsets for every ABI major.
        assert_eq!(std::mem::offset_of!(PluginV1, magic), 0);
        assert_eq!(std::mem::offset_of!(PluginV1, abi_major), 8);
        assert_eq!(std::mem::offset_of!(PluginV1, abi_minor), 12);
        assert_eq!(std::mem::offset_of!(PluginV1, struct_size), 16);
        assert_eq!(std::mem::offset_of!(PluginV1, name), 24);
        if cfg!(target_pointer_width = "64") {
            assert_eq!(std::mem::offset_of!(PluginV1, instance), 40);
            assert_eq!(std::mem::offset_of!(PluginV1, free), 64);
            assert_eq!(size_of::<PluginV1>(), 72);
            assert_eq!(size_of::<Buffer>(), 24);
        }
        assert_eq!(MAGIC, 0x474c_5054_4b52_4557);
    }
}
