#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::bounded(yv_core::bundle::read_bundle("f.json", data, &common::find, 64 * 1024 * 1024));
});
