use crate::actions::tablets::{session_pack, this_device_bundle, FileOut};
use crate::platform;
use crate::ui::context::{AppStore, CatalogueCtx, KioskCtx};
use crate::ui::widgets::offer_download;
use leptos::prelude::*;

/// Behind the PIN in kiosk mode: share this session with other tablets (a session pack), and
/// send this tablet's responses back (a response bundle).
#[component]
pub fn TabletFiles() -> impl IntoView {
    let store = expect_context::<AppStore>();
    let cat = expect_context::<CatalogueCtx>();
    let kiosk = expect_context::<KioskCtx>();
    let notice = RwSignal::new(None::<(bool, String)>);
    let save = move |made: Result<(FileOut, Vec<String>), String>, what: &str| {
        notice.set(Some(offer_download(made, what)));
    };
    let pack = move |_| {
        let Some(k) = kiosk.0.get_untracked() else { return };
        let made = cat.catalogue.with_untracked(|c| session_pack(c, &k.session, platform::today()));
        save(made.map(|f| (f, Vec::new())), "session pack");
    };
    let bundle = move |_| {
        let Some(k) = kiosk.0.get_untracked() else { return };
        let store = store.clone();
        leptos::task::spawn_local(async move {
            // Responses imported onto this tablet (if any) go with its own.
            let catalogue = cat.catalogue.get_untracked();
            let made = this_device_bundle(store.get(), &catalogue, std::slice::from_ref(&k.session)).await;
            save(made, "this tablet's responses");
        });
    };
    view! {
        <section class="tablet-files" aria-labelledby="tablets-title">
            <h2 id="tablets-title">"Other tablets"</h2>
            <p class="small">
                "The session pack lets other tablets join this session. The responses file holds each pupil's anonymous answers "
                "(not only totals): move it only to the facilitator's own device, by hand or over the school's own network, and delete copies after importing."
            </p>
            <div class="actions">
                <button type="button" class="secondary" on:click=pack>"Download session pack"</button>
                <button type="button" class="secondary" on:click=bundle>"Download this tablet's responses"</button>
            </div>
            <p role="status" class=move || match notice.get() { Some((true, _)) => "success", Some((false, _)) => "error", None => "" }>
                {move || notice.get().map(|(_, t)| t)}
            </p>
        </section>
    }
}
