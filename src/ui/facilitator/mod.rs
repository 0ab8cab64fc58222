//! The facilitator's screens: starting a session (with the PIN), and the controls behind the
//! PIN while the tablet is in kiosk mode.

mod kiosk_menu;
mod pin_prompt;
mod session_setup;
mod storage_status;

pub use kiosk_menu::KioskMenu;
pub use pin_prompt::PinPrompt;
pub use session_setup::SessionSetup;
pub use storage_status::StorageStatus;
