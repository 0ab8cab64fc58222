//! Youth Council sessions (issue 15): votes set up by the facilitator, voting on the tablets
//! (one voter after another), a results board for a projector, vote files between tablets, and
//! "You said, we did". Every count and rule comes from `yv_core::vote`.

mod board;
mod new_vote;
mod vote_list;
mod votes_screen;
mod voting;
mod you_said;

pub use board::BoardScreen;
pub use votes_screen::VotesScreen;
pub use voting::VotingScreen;
pub use you_said::YouSaidForPupils;
