//! An ABI 1 plugin written by hand against `werkt_plugin::abi` (no `export_plugin!`), which
//! answers with whatever bytes its request asks for: the SDK would never send malformed JSON
//! or a `NaN` literal, but a plugin written in another language might, and the host must
//! reject such a response with a clear message.
//!
//! The reply is chosen by a marker in the request bytes (no JSON parsing here on purpose):
//! `"reply":"not_json"`, `"reply":"nan"`, `"reply":"wrong_shape"`, otherwise a valid output.

use std::ffi::c_void;

use werkt_plugin::abi::{self, Buffer, PluginV1};

const MANIFEST: &[u8] =
    br#"{"name":"test_raw_json","version":"0.1.0","description":"hand-written","inputs":[]}"#;

struct Header(PluginV1);
// SAFETY: immutable static data; the pointers are to static strings.
unsafe impl Sync for Header {}

static HEADER: Header = Header(PluginV1 {
    magic: abi::MAGIC,
    abi_major: abi::ABI_MAJOR,
    abi_minor: abi::ABI_MINOR,
    struct_size: size_of::<PluginV1>() as u32,
    reserved: 0,
    name: c"test_raw_json".as_ptr(),
    version: c"0.1.0".as_ptr(),
    instance: std::ptr::null(),
    describe: Some(describe),
    analyze: Some(analyze),
    free: Some(abi::free_buffer),
});

unsafe extern "C" fn describe(_instance: *const c_void, out: *mut Buffer) -> i32 {
    // SAFETY: the host passes a writable Buffer.
    unsafe { out.write(Buffer::from_vec(MANIFEST.to_vec())) };
    abi::STATUS_OK
}

unsafe extern "C" fn analyze(
    _instance: *const c_void,
    request: *const u8,
    len: usize,
    out: *mut Buffer,
) -> i32 {
    // SAFETY: the host passes `len` readable bytes.
    let request = unsafe { std::slice::from_raw_parts(request, len) };
    let has = |marker: &[u8]| request.windows(marker.len()).any(|w| w == marker);
    let reply: &[u8] = if has(br#""reply":"not_json""#) {
        b"this is not json {"
    } else if has(br#""reply":"nan""#) {
        br#"{"metrics":[{"unit":"org","metric":"m","value":NaN}]}"#
    } else if has(br#""reply":"wrong_shape""#) {
        br#"{"metrics":"many"}"#
    } else {
        br#"{"metrics":[{"unit":"org","metric":"m","value":2.5}]}"#
    };
    // SAFETY: the host passes a writable Buffer.
    unsafe { out.write(Buffer::from_vec(reply.to_vec())) };
    abi::STATUS_OK
}

#[unsafe(no_mangle)]
pub extern "C" fn werkt_plugin_entry(_host_abi: u32) -> *const PluginV1 {
    &HEADER.0
}
