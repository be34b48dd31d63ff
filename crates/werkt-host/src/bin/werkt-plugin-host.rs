//! A stand-alone plugin host: what `werkt plugin-host` does, as a small binary. The tests use
//! it (via `HostCommand`) so they need not build the whole `werkt` CLI.

fn main() -> std::process::ExitCode {
    werkt_host::serve_stdio()
}
