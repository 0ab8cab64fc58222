//! Small pieces used on every screen.

mod disclosure;
mod download;
mod in_turns;
mod site_footer;
mod site_header;
mod support_panel;

pub use disclosure::Disclosure;
pub use download::offer_download;
pub use in_turns::{in_turns, Draw};
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use support_panel::SupportPanel;
