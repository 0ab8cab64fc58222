//! The facilitator's screens: starting or joining a session (with the PIN), and the controls
//! behind the PIN while the tablet is in kiosk mode (sharing the session, sending responses back).

mod join_session;
mod kiosk_menu;
mod pin_prompt;
mod seal_settings;
mod session_setup;
mod storage_status;
mod tablet_files;

pub use join_session::JoinSession;
pub use kiosk_menu::KioskMenu;
pub use pin_prompt::PinPrompt;
pub use seal_settings::{SealChoice, SealSettings};
pub use session_setup::SessionSetup;
pub use storage_status::StorageStatus;
pub use tablet_files::TabletFiles;
