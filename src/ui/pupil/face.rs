use leptos::prelude::*;
use yv_core::Face;

/// A drawn face for faces scales (no emoji font needed). Decorative: the option's words are
/// always shown next to it.
#[component]
pub fn FaceIcon(
    /// Which face.
    face: Face,
) -> impl IntoView {
    // Mouth: a quadratic curve whose control point sets the smile.
    let (mouth, colour) = match face {
        Face::VeryHappy => ("M14 27 Q24 38 34 27", "#1b6e3a"),
        Face::Happy => ("M15 29 Q24 34 33 29", "#3d7d2a"),
        Face::Neutral => ("M15 30 L33 30", "#6b5d00"),
        Face::Sad => ("M15 32 Q24 27 33 32", "#8a4b00"),
        Face::VerySad => ("M14 34 Q24 24 34 34", "#a4262c"),
    };
    view! {
        <svg class="face" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false">
            <circle cx="24" cy="24" r="21" fill="#fff6d5" stroke=colour stroke-width="3"/>
            <circle cx="17" cy="19" r="2.6" fill="#1a1a1a"/>
            <circle cx="31" cy="19" r="2.6" fill="#1a1a1a"/>
            <path d=mouth fill="none" stroke="#1a1a1a" stroke-width="3" stroke-linecap="round"/>
        </svg>
    }
}
