//! The pupil kiosk: welcome and assent, one question per screen, stop, finish, thank-you, and
//! the idle timer. Everything a child can reach is here; nothing here shows results.

mod answer_input;
mod display_settings;
mod end_screen;
mod face;
mod idle_prompt;
mod pupil_screen;
mod question_view;
mod read_aloud;
mod save_failed;
mod state;
mod stop_dialog;
mod thanks;
mod welcome;

pub(crate) use display_settings::LanguagePicker;
pub(crate) use pupil_screen::sync_page_language;
pub use pupil_screen::PupilScreen;
pub use state::{PupilCtx, PupilStep};
