use super::survey_card::RemoveButton;
use crate::ui::widgets::Disclosure;
use leptos::prelude::*;
use yv_core::catalogue::{Catalogue, Loaded, Origin};
use yv_core::{Direction, Framework, Indicator, Node, Survey};

/// One council plan: its coverage by each survey and (on request) every outcome and indicator.
#[component]
pub fn FrameworkCard(
    /// The framework shown.
    framework: Framework,
    /// Built in, or loaded by a facilitator.
    origin: Origin,
    /// The surveys its coverage is shown for.
    surveys: Vec<Survey>,
) -> impl IntoView {
    let coverage = surveys
        .iter()
        .map(|s| {
            let c = Catalogue::coverage(&framework, s);
            let name = s.title.get(s.default_language(), "en").to_string();
            view! {
                <li>{format!("{name}: measures {} of the {} indicators a pupil survey can measure", c.measured, c.measurable)}</li>
            }
        })
        .collect_view();
    let total = framework.indicators().len();
    let (tree_fw, tree_surveys) = (framework.clone(), surveys.clone());
    let name = framework.name.clone();
    view! {
        <article class="card framework-card" aria-label=name.clone()>
            <h3>{name.clone()}</h3>
            <p>
                {(origin == Origin::Loaded).then(|| view! { <span class="tag">"Loaded"</span> })}
                {framework.council.clone()}
                {framework.period.clone().map(|p| format!(" · {p}"))}
                {format!(" · {total} indicators")}
            </p>
            <ul class="small">{coverage}</ul>
            <Disclosure label=format!("Outcomes and indicators of {name}")>
                <ul class="tree">{tree_fw.nodes.iter().map(|n| node_view(n, &tree_surveys)).collect_view()}</ul>
            </Disclosure>
            {(origin == Origin::Loaded).then(|| view! { <RemoveButton item=Loaded::Framework(framework.clone())/> })}
        </article>
    }
}

fn node_view(n: &Node, surveys: &[Survey]) -> AnyView {
    let heading = match &n.code {
        Some(code) => format!("{} {code}: {}", n.level, n.title),
        None => format!("{}: {}", n.level, n.title),
    };
    let indicators = n.indicators.iter().map(|i| indicator_view(i, surveys)).collect_view();
    let children = n.children.iter().map(|c| node_view(c, surveys)).collect_view();
    view! {
        <li class="node">
            <strong>{heading}</strong>
            {n.description.clone().map(|d| view! { <p class="small">{d}</p> })}
            <ul class="indicators">{indicators}</ul>
            <ul>{children}</ul>
        </li>
    }
    .into_any()
}

fn indicator_view(i: &Indicator, surveys: &[Survey]) -> AnyView {
    let title = match &i.code {
        Some(code) => format!("{code}: {}", i.title),
        None => i.title.clone(),
    };
    let detail = match (&i.measure, &i.not_measured) {
        (Some(m), _) => {
            let by: Vec<String> = surveys.iter().filter(|s| m.rule_for(s).is_some()).map(|s| s.id.clone()).collect();
            let direction = match i.direction {
                Some(Direction::LowerIsBetter) => "lower is better",
                _ => "higher is better",
            };
            let kind = if m.official { "official definition" } else { "local proxy" };
            view! {
                <p class="measured">
                    <span class="tag">"Measured"</span>
                    {format!("{} ({kind}; {direction}; surveys: {})", m.label, if by.is_empty() { "none loaded".to_string() } else { by.join(", ") })}
                </p>
            }
            .into_any()
        }
        (None, reason) => view! {
            <p class="not-measured">
                <span class="tag">"Not measured by this survey"</span>
                {reason.clone().unwrap_or_default()}
            </p>
        }
        .into_any(),
    };
    view! {
        <li class="indicator">
            {title}
            {i.target.clone().map(|t| view! { <span class="small">{format!(" (target: {t})")}</span> })}
            {detail}
        </li>
    }
    .into_any()
}
