//! Use cases that span the core and storage, as plain functions over a [`Store`], so they are
//! tested natively on the in-memory twin and components only bind signals to them.
//!
//! - [`tablets`]: many tablets, one picture: session packs out, response bundles back, imports.
//! - [`pin`]: proving (or, the first time, setting) the facilitator PIN.
//! - [`votes`]: Youth Council votes and "You said, we did": files out, vote files in.
//!
//! [`Store`]: crate::storage::Store

pub mod pin;
pub mod tablets;
pub mod votes;
