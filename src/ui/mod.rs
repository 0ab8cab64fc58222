//! Leptos components: one per file, one folder per feature. Components call `yv_core` for every
//! decision and hold no business logic themselves.

pub mod app;
pub mod context;
pub mod facilitator;
pub mod home;
pub mod library;
pub mod pupil;
pub mod results;
pub mod votes;
pub mod widgets;
