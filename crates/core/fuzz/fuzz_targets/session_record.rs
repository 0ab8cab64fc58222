#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(t) = common::text(data) {
        common::bounded(yv_core::envelope::read_session("s1", t));
    }
});
