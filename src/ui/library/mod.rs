//! Surveys and outcome frameworks: browse the built-in ones, see what each framework's
//! indicators measure, and load your own file.

mod file_loader;
mod framework_card;
mod library_screen;
mod survey_card;

pub use file_loader::FileLoader;
pub use framework_card::FrameworkCard;
pub use library_screen::LibraryScreen;
pub use survey_card::SurveyCard;
