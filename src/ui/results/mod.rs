//! The facilitator's results, behind the PIN: the outcomes dashboard, answer distributions,
//! comparison with another session, CSV exports, a print layout, and data management. Every
//! number comes from `yv_core::results`, which applies disclosure control once for all of them.

mod bar;
mod controls;
mod data_management;
mod distributions;
mod export_buttons;
mod format;
mod headline;
mod import_bundles;
mod method_note;
mod outcome_table;
mod results_screen;
mod sealed_unlock;
mod state;
mod summary;
mod you_said_report;

pub use results_screen::ResultsScreen;
