//! The host's decoder of a plugin's response bytes: any bytes give an AnalysisOutput with
//! finite numbers or a PluginFailure naming the plugin, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match werkt_host::decode_output("fuzzed", data) {
        Ok(out) => {
            for m in &out.metrics {
                assert!(
                    m.value.is_none_or(f64::is_finite),
                    "a non-finite value passed"
                );
            }
        }
        Err(f) => assert!(f.to_string().contains("fuzzed"), "{f}"),
    }
});
