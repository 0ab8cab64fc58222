#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::bounded(yv_core::bundle::read_pack("f.json", data, |id, v| common::find(id, v).is_some()));
});
