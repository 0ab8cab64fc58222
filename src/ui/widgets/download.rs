use crate::actions::tablets::FileOut;
use crate::platform;

/// Offer a made file as a download, and say what happened in one sentence for the notice:
/// `(ok, text)`. `left_out` are records that could not go in the file (they stay on the device);
/// `what` names the file for people, e.g. "session pack".
pub fn offer_download(made: Result<(FileOut, Vec<String>), String>, what: &str) -> (bool, String) {
    let outcome = made.and_then(|(f, left)| {
        platform::download(&f.name, &f.bytes, "application/json").map(|()| (f, left)).map_err(|e| e.to_string())
    });
    match outcome {
        Ok((f, left)) if left.is_empty() => (true, format!("Downloaded {} ({what}, {} bytes).", f.name, f.bytes.len())),
        Ok((f, left)) => (
            false,
            format!(
                "Downloaded {} ({what}), but {} record(s) could not go in it and stay on this device: {}",
                f.name,
                left.len(),
                left.join("; ")
            ),
        ),
        Err(e) => (false, format!("Nothing was downloaded: {e}")),
    }
}
