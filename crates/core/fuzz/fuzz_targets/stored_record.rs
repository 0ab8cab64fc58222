#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(t) = common::text(data) {
        common::bounded(yv_core::envelope::record_survey(t));
        for sv in common::surveys() {
            common::bounded(yv_core::envelope::read_stored(t, "s1", "r1", sv));
            common::bounded(yv_core::envelope::decode_record(t, "s1", "r1", sv));
        }
    }
});
