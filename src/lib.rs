//! Youth Voice app crate.
