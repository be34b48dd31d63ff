//! A plugin from the future: its header has the prefix every ABI version shares (magic, major,
//! minor, size) but major 2 and a layout a version-1 host does not know. Written by hand, with
//! no dependency on the SDK, exactly as a plugin built against a later werkt-plugin would look
//! to today's host. The host must refuse it after reading the prefix only.

use std::ffi::{c_char, c_void};

/// The shared prefix, then fields of an imagined ABI 2 that differ from ABI 1.
#[repr(C)]
pub struct PluginV2 {
    magic: u64,
    abi_major: u32,
    abi_minor: u32,
    struct_size: u32,
    flags: u32,
    id: *const c_char,
    call: *const c_void,
}

// SAFETY: immutable static data.
unsafe impl Sync for PluginV2 {}

static HEADER: PluginV2 = PluginV2 {
    magic: u64::from_le_bytes(*b"WERKTPLG"),
    abi_major: 2,
    abi_minor: 3,
    struct_size: size_of::<PluginV2>() as u32,
    flags: 0,
    id: c"test_future_abi".as_ptr(),
    call: std::ptr::null(),
};

/// # Safety
/// Callable from any host; returns a pointer to immutable static data.
#[unsafe(no_mangle)]
pub extern "C" fn werkt_plugin_entry(_host_abi: u32) -> *const PluginV2 {
    &HEADER
}
