#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(t) = common::text(data) {
        let surveys: Vec<&yv_core::Survey> = common::surveys().iter().collect();
        common::bounded(yv_core::parse_framework("f.json", t, &surveys));
    }
});
