//! Shared by the integration tests.

/// A CSV as the app writes it, read back with the csv crate: checks the UTF-8 byte-order mark and
/// CRLF line ends, then gives every row's cells.
pub fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 byte-order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.ends_with("\r\n") && text.split("\r\n").all(|l| !l.contains('\n')), "CRLF line ends");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}
