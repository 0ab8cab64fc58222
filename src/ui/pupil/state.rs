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

/// The pause between tapping an answer and the next question: long enough to see the choice
/// marked, short enough to feel like one tap.
pub const ADVANCE_MS: u64 = 450;

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
    /// When the pupil last tapped or typed (ms of the page's monotonic clock, which a change of
    /// the device's clock does not move).
    pub last_activity: RwSignal<u64>,
    /// A tapped answer is about to move on to the next question (the short visible pause).
    pub advancing: RwSignal<bool>,
    /// The pending move on, cancelled by Back, Skip, another answer or a key.
    pub advance_timer: StoredValue<Option<leptos::prelude::TimeoutHandle>>,
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
            last_activity: RwSignal::new(crate::platform::monotonic_ms()),
            advancing: RwSignal::new(false),
            advance_timer: StoredValue::new(None),
        }
    }

    /// Cancel a pending move on to the next question.
    pub fn cancel_advance(&self) {
        if let Some(h) = self.advance_timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        if self.advancing.get_untracked() {
            self.advancing.set(false);
        }
    }

    /// Move on to the next question after a short visible pause, unless cancelled first (one
    /// tap per answer). Only for a tap or click: arrow keys never move on (WCAG 3.2.2).
    pub fn advance_soon(&self) {
        self.cancel_advance();
        let me = *self;
        let index = self.flow.with_untracked(|f| f.index);
        self.advancing.set(true);
        let handle = set_timeout_with_handle(
            move || {
                me.advance_timer.set_value(None);
                me.advancing.set(false);
                if me.step.get_untracked() == PupilStep::Answering
                    && me.flow.with_untracked(|f| f.index == index && f.current_answer().is_some())
                {
                    me.flow.update(|f| f.next());
                }
            },
            std::time::Duration::from_millis(ADVANCE_MS),
        );
        if let Ok(h) = handle {
            self.advance_timer.set_value(Some(h));
        }
    }

    /// Forget everything about this pupil and show the welcome screen for the next one.
    pub fn reset(&self, fresh: Flow, words: crate::ui::context::Words) {
        self.cancel_advance();
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
