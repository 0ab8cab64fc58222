//! Days in files and records, always `YYYY-MM-DD`, written and read here rather than by chrono's
//! general formatter and parser: they are the only date formats Youth Voice uses, and leaving
//! chrono's out keeps it out of the pupils' app (issue 12). Use with
//! `#[serde(with = "crate::day")]` on a `NaiveDate` field.

use chrono::{Datelike, NaiveDate};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

/// `2026-11-24`. Years outside 0-9999 (never from a device clock) are written with their sign,
/// as chrono writes them.
pub fn to_string(d: NaiveDate) -> String {
    let y = d.year();
    if (0..=9999).contains(&y) {
        format!("{y:04}-{:02}-{:02}", d.month(), d.day())
    } else {
        format!("{y:+05}-{:02}-{:02}", d.month(), d.day())
    }
}

/// A day written `YYYY-MM-DD` (four-digit year), or `None`.
pub fn parse(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&to_string(*d))
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    parse(&s).ok_or_else(|| D::Error::custom(format!("\"{s}\" is not a day written YYYY-MM-DD")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_and_writes_days_as_chrono_did() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 4).unwrap();
        assert_eq!(to_string(d), "2026-11-04");
        assert_eq!(to_string(d), d.to_string());
        assert_eq!(parse("2026-11-04"), Some(d));
        for bad in ["2026-13-01", "2026-02-30", "2026-1-04", "2026/11/04", "20261104", "", "+2026-11-04", "2026-11-0x"]
        {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_day_round_trips_and_matches_chrono(days in 0i64..3_000_000) {
            let d = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assume!(d.year() <= 9999);
            prop_assert_eq!(to_string(d), d.to_string());
            prop_assert_eq!(parse(&to_string(d)), Some(d));
            prop_assert_eq!(parse(&d.to_string()), d.to_string().parse::<NaiveDate>().ok());
        }
    }
}
