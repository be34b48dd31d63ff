//! Loading werkt's analysis plugins and running them.
//!
//! Plugins are cdylibs speaking the C ABI of `werkt_plugin::abi` (docs/plugin-abi.md). This
//! crate finds a plugin's file, checks its sha256 pin and its ABI, and runs it either in this
//! process ([`Isolation::InProcess`]) or in a child "plugin host" process
//! ([`Isolation::Process`], the default) that serves requests over its stdin/stdout, so that a
//! plugin that crashes, aborts or loops costs one analysis instead of the whole run.
//!
//! Entry points: [`Registry::load`] and [`Registry::analyze`] on the host side, and
//! [`serve_stdio`] for the plugin host process (`werkt plugin-host`).

mod child;
mod failure;
mod frame;
mod library;
mod privacy;
mod registry;
mod request;
mod resolve;
mod serve;
mod spec;

pub use failure::{FailureKind, LoadProblem, PluginFailure, ProblemSeverity};
pub use privacy::{Enforced, enforce};
pub use registry::{PluginInfo, Registry, decode_output, default_plugin_dirs};
pub use request::request_for;
pub use resolve::{find_library, libraries_in, library_file_name, sha256_file};
pub use serve::serve_stdio;
pub use spec::{HostCommand, Isolation, MEMORY_LIMIT_ENV, OutputLimits, PluginSpec};
pub use werkt_plugin::abi::{ABI_MAJOR, ABI_MINOR};
