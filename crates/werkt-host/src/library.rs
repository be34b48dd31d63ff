//! Opening a plugin library in this process and calling it through the C ABI. Used directly
//! for `isolation = "in-process"` and by the plugin host process for `"process"`.

use std::path::Path;

use crate::resolve::{Expected, sha256_hex};

use werkt_plugin::abi::{
    self, ABI_MAJOR, ABI_MINOR, AbiPrefix, AnalyzeFn, Buffer, DescribeFn, ENTRY_NAME, ENTRY_SYMBOL,
    EntryFn, FreeFn, MAGIC, PluginV1,
};

/// A loaded plugin library. The library is never unloaded: the header, the plugin's statics
/// and any thread it started point into its code, so unloading could never be made safe.
pub struct Library {
    instance: *const std::ffi::c_void,
    describe: DescribeFn,
    analyze: AnalyzeFn,
    free: FreeFn,
    pub name: String,
    pub version: String,
    pub abi_major: u32,
    pub abi_minor: u32,
}

// SAFETY: the ABI requires plugins to accept calls from any thread (the SDK's `Plugin` is
// `Send + Sync`); `instance` is only ever passed back to the plugin.
unsafe impl Send for Library {}
// SAFETY: as above.
unsafe impl Sync for Library {}

/// Why [`Library::open_verified`] loaded nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// The file is not the one expected (its sha256 differs): possibly tampered with.
    Refused(String),
    /// It could not be read or is not a loadable werkt plugin.
    Failed(String),
}

/// A call that did not return `STATUS_OK`: the plugin's status code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub status: i32,
    pub message: String,
}

impl Library {
    /// Reads the file once, refuses it unless its SHA-256 is the expected one, and loads the
    /// bytes it hashed (see [`Library::from_bytes`]), so a file swapped after the check is
    /// never the one that runs.
    pub fn open_verified(path: &Path, expected: &Expected) -> Result<Library, OpenError> {
        let bytes = std::fs::read(path)
            .map_err(|e| OpenError::Failed(format!("cannot read {}: {e}", path.display())))?;
        expected
            .check(path, &sha256_hex(&bytes))
            .map_err(OpenError::Refused)?;
        Library::from_bytes(path, &bytes).map_err(OpenError::Failed)
    }

    /// Loads `bytes`, the content of `path`. On Linux from a sealed memory file holding
    /// exactly these bytes; should the system refuse that (no /proc, memory files not
    /// executable), and elsewhere, from `path` itself, which leaves the moment between
    /// hashing and loading open.
    fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Library, String> {
        #[cfg(target_os = "linux")]
        if let Some(lib) = sealed_copy::load(path, bytes) {
            return Library::init(lib, path);
        }
        let _ = bytes;
        // SAFETY: loading runs the library's initialisers; that is the trust a user gives a
        // plugin by configuring it (and why process isolation is the default).
        let lib = unsafe { libloading::Library::new(path) }
            .map_err(|e| format!("cannot load {}: {e}", path.display()))?;
        Library::init(lib, path)
    }

    /// Calls the loaded library's entry and checks the header: magic, ABI major (refused with
    /// a message naming the file, its ABI and ours), size, function pointers, name and version.
    fn init(lib: libloading::Library, path: &Path) -> Result<Library, String> {
        let shown = path.display();
        // SAFETY: the symbol's type is fixed by the ABI; a library exporting it with another
        // type is not a werkt plugin, which the magic check below catches in practice.
        let entry: EntryFn = match unsafe { lib.get::<EntryFn>(ENTRY_SYMBOL) } {
            Ok(sym) => *sym,
            Err(e) => {
                return Err(format!(
                    "{shown} is not a werkt plugin: it exports no `{ENTRY_NAME}` ({e})"
                ));
            }
        };
        // Never unloaded (see the type's doc).
        std::mem::forget(lib);
        // SAFETY: calling the entry per the ABI.
        let header = unsafe { entry(ABI_MAJOR) };
        if header.is_null() {
            return Err(format!(
                "{shown}: the plugin failed to initialise (its `{ENTRY_NAME}` returned null)"
            ));
        }
        // SAFETY: every ABI version starts with this prefix (docs/plugin-abi.md).
        let prefix = unsafe { header.cast::<AbiPrefix>().read_unaligned() };
        if prefix.magic != MAGIC {
            return Err(format!(
                "{shown}: `{ENTRY_NAME}` returned something that is not a werkt plugin header"
            ));
        }
        if prefix.abi_major != ABI_MAJOR {
            return Err(format!(
                "{shown} was built for werkt plugin ABI {}.{}, but this werkt speaks ABI {ABI_MAJOR}.{ABI_MINOR}; \
                 rebuild the plugin against a werkt-plugin with ABI {ABI_MAJOR}",
                prefix.abi_major, prefix.abi_minor
            ));
        }
        if (prefix.struct_size as usize) < size_of::<PluginV1>() {
            return Err(format!(
                "{shown}: its plugin header is {} bytes, smaller than the {} bytes of ABI {ABI_MAJOR}.0",
                prefix.struct_size,
                size_of::<PluginV1>()
            ));
        }
        // SAFETY: magic, major and size say the pointee is at least a `PluginV1`.
        let h = unsafe { &*header };
        let (Some(describe), Some(analyze), Some(free)) = (h.describe, h.analyze, h.free) else {
            return Err(format!(
                "{shown}: its plugin header lacks describe, analyze or free"
            ));
        };
        // SAFETY: the ABI makes name/version NUL-terminated strings living as long as the library.
        let (name, version) = unsafe { (abi::c_str(h.name), abi::c_str(h.version)) };
        let (Some(name), Some(version)) = (name, version) else {
            return Err(format!(
                "{shown}: its plugin header has no UTF-8 name or version"
            ));
        };
        Ok(Library {
            instance: h.instance,
            describe,
            analyze,
            free,
            name,
            version,
            abi_major: prefix.abi_major,
            abi_minor: prefix.abi_minor,
        })
    }

    /// The manifest JSON bytes.
    pub fn describe(&self, max_response_bytes: usize) -> Result<Vec<u8>, CallError> {
        let mut out = Buffer::EMPTY;
        // SAFETY: per the ABI; `out` is ours.
        let status = unsafe { (self.describe)(self.instance, &mut out) };
        self.take(status, out, max_response_bytes)
    }

    /// The response JSON bytes for the request JSON bytes.
    pub fn analyze(&self, request: &[u8], max_response_bytes: usize) -> Result<Vec<u8>, CallError> {
        let mut out = Buffer::EMPTY;
        // SAFETY: per the ABI; `request` outlives the call, `out` is ours.
        let status =
            unsafe { (self.analyze)(self.instance, request.as_ptr(), request.len(), &mut out) };
        self.take(status, out, max_response_bytes)
    }

    /// Copies the plugin's buffer (unless it is too large) and gives it back to the plugin.
    fn take(&self, status: i32, out: Buffer, max: usize) -> Result<Vec<u8>, CallError> {
        let result = if out.len > max {
            Err(CallError {
                status: STATUS_TOO_LARGE,
                message: format!(
                    "response of {} bytes exceeds the {max} bytes allowed (plugin_host.max_response_mb)",
                    out.len
                ),
            })
        } else {
            // SAFETY: the plugin wrote a buffer of `len` bytes and keeps it until `free`.
            let bytes = unsafe { out.as_slice() }.to_vec();
            if status == abi::STATUS_OK {
                Ok(bytes)
            } else {
                Err(CallError {
                    status,
                    message: String::from_utf8_lossy(&bytes).into_owned(),
                })
            }
        };
        // SAFETY: returning the plugin's own buffer, once.
        unsafe { (self.free)(out) };
        result
    }
}

/// Loading from a sealed Linux memory file (memfd) that holds the verified bytes: nobody can
/// change them between the hash and the load, nor afterwards under the loaded code.
#[cfg(target_os = "linux")]
mod sealed_copy {
    use std::io::Write;
    use std::os::fd::{AsRawFd, FromRawFd};

    /// `None` when the system does not allow it; the caller then loads the path.
    pub fn load(path: &std::path::Path, bytes: &[u8]) -> Option<libloading::Library> {
        // Named after the file, so /proc/<pid>/maps and profilers say which library this is
        // (`memfd:libwerkt_engagement.so`); a profiler resolves symbols against that file.
        let name = path
            .file_name()
            .and_then(|n| std::ffi::CString::new(n.as_encoded_bytes()).ok())
            .unwrap_or_else(|| c"werkt-plugin".to_owned());
        // SAFETY: memfd_create reads a NUL-terminated name and returns a new descriptor or -1.
        let fd = unsafe {
            libc::memfd_create(name.as_ptr(), libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING)
        };
        if fd < 0 {
            return None;
        }
        // SAFETY: `fd` is a fresh descriptor that nothing else owns.
        let mut file = unsafe { std::fs::File::from_raw_fd(fd) };
        file.write_all(bytes).ok()?;
        let seals =
            libc::F_SEAL_WRITE | libc::F_SEAL_GROW | libc::F_SEAL_SHRINK | libc::F_SEAL_SEAL;
        // SAFETY: fcntl on a descriptor we own; only this process ever had it.
        if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_ADD_SEALS, seals) } != 0 {
            return None;
        }
        let path = format!("/proc/self/fd/{}", file.as_raw_fd());
        // SAFETY: as for any plugin load (see `Library::from_bytes`).
        let lib = unsafe { libloading::Library::new(&path) }.ok()?;
        // The descriptor stays open for good, like the library: the dynamic loader knows a
        // library by the name it was opened with, and would hand this one out again for a
        // later "/proc/self/fd/<n>" that reused the number.
        std::mem::forget(file);
        Some(lib)
    }
}

/// Host-side status (never returned by a plugin): the response exceeded the limit.
pub const STATUS_TOO_LARGE: i32 = 100;
