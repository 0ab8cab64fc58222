//! Youth Voice: the browser app. Three layers, kept apart:
//! - `yv_core` (crates/core): pure logic, tested natively;
//! - [`storage`]: the one place that talks to browser storage;
//! - [`actions`]: use cases over the core and storage (tested natively on the in-memory twin);
//! - `ui` (wasm32 only): Leptos components, one per file, a folder per feature.

pub mod actions;
#[cfg(target_arch = "wasm32")]
pub mod platform;
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;
