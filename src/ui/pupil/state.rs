//! The current pupil's state. Plain values in signals; the decisions are made by `yv_core`.

use leptos::prelude::*;
use yv_core::envelope::StoredResponse;
use yv_core::flow::Flow;

/// Where the pupil is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PupilStep {
    /// Welcome and assent.
    Welcome,
    /// Said "No thanks".
    Declined,
    /// Answering questions (or at the end, ready to send).
    Answering,
    /// Answers could not be stored: kept in memory and retried.
    SaveFailed,
    /// Saved; thank-you screen with signposting.
    Thanks,
}

#[derive(Debug, Clone, Copy)]
pub struct PupilCtx {
    pub step: RwSignal<PupilStep>,
    pub flow: RwSignal<Flow>,
    pub large_text: RwSignal<bool>,
    pub high_contrast: RwSignal<bool>,
    /// The Stop confirmation is showing.
    pub confirming_stop: RwSignal<bool>,
    /// Seconds left on "Are you still there?", when showing.
    pub idle_warning: RwSignal<Option<u32>>,
    /// A finished response that is not stored yet.
    pub pending: RwSignal<Option<StoredResponse>>,
    pub save_error: RwSignal<Option<String>>,
    /// When the pupil last tapped or typed (ms since 1970).
    pub last_activity: RwSignal<u64>,
}

impl PupilCtx {
    pub fn new(fresh: Flow) -> Self {
        PupilCtx {
            step: RwSignal::new(PupilStep::Welcome),
            flow: RwSignal::new(fresh),
            large_text: RwSignal::new(false),
            high_contrast: RwSignal::new(false),
            confirming_stop: RwSignal::new(false),
            idle_warning: RwSignal::new(None),
            pending: RwSignal::new(None),
            save_error: RwSignal::new(None),
            last_activity: RwSignal::new(crate::platform::now_ms()),
        }
    }

    /// Forget everything about this pupil and show the welcome screen for the next one.
    pub fn reset(&self, fresh: Flow, words: crate::ui::context::Words) {
        self.flow.set(fresh);
        self.large_text.set(false);
        self.high_contrast.set(false);
        self.confirming_stop.set(false);
        self.idle_warning.set(None);
        self.pending.set(None);
        self.save_error.set(None);
        words.lang.set("en".into());
        self.step.set(PupilStep::Welcome);
    }
}
