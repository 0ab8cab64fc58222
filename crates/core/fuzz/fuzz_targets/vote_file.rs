#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::bounded(yv_core::vote::read_vote_file(data, yv_core::vote::MAX_VOTE_FILE_BYTES));
});
