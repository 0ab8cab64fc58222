#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(t) = common::text(data) {
        common::bounded(yv_core::parse_survey("f.json", t));
    }
});
