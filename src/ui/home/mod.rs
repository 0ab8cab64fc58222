//! The first screen.

mod home_screen;

pub use home_screen::HomeScreen;
