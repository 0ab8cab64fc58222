// Converts a Youth Voice survey file (crates/core/data/FORMATS.md, "youth-voice-survey") into a
// SurveyJS JSON model, in one language, one question per page. Used by tests/bench/coldstart.mjs
// at bench time so that SurveyJS shows the same survey as Youth Voice (issue 12); never shipped.
//
//   single, agreement -> radiogroup      multiple -> checkbox ("exclusive" -> isExclusive)
//   rating            -> rating min..max  text     -> comment (only when "enabled", as in the app)
//   help, warning     -> description      show_if  -> visibleIf
// No question is required: a pupil may skip any question in Youth Voice too.

export function toSurveyJs(survey, lang = 'en') {
  const t = (text) => (text == null ? undefined : text[lang] ?? text[survey.languages[0].code]);
  const options = (q) => (typeof q.options === 'string' ? survey.option_sets[q.options] : q.options);
  const quote = (v) => `'${String(v).replace(/'/g, "\\'")}'`;
  const list = (ids) => `[${ids.map(quote).join(', ')}]`;
  const visibleIf = (cond) => {
    if (!cond) return undefined;
    const src = `{${cond.question}}`;
    // A source the pupil did not answer never meets the condition (FORMATS.md, skip logic).
    return cond.any ? `${src} notempty and ${src} anyof ${list(cond.any)}`
                    : `${src} notempty and ${src} noneof ${list(cond.not)}`;
  };
  const pages = [];
  for (const section of survey.sections) {
    for (const q of section.questions) {
      const el = { name: q.id, title: t(q.text), description: t(q.help), visibleIf: visibleIf(q.show_if) };
      switch (q.kind) {
        case 'single':
        case 'agreement':
          Object.assign(el, { type: 'radiogroup', choices: options(q).map((o) => ({ value: o.id, text: t(o.label) })) });
          break;
        case 'multiple':
          Object.assign(el, {
            type: 'checkbox',
            choices: options(q).map((o) => ({ value: o.id, text: t(o.label), ...(o.exclusive ? { isExclusive: true } : {}) })),
          });
          break;
        case 'rating':
          Object.assign(el, {
            type: 'rating', rateMin: q.min, rateMax: q.max, rateStep: 1,
            minRateDescription: t(q.min_label), maxRateDescription: t(q.max_label),
          });
          break;
        case 'text':
          if (!q.enabled) continue; // free text is off unless the survey turns it on
          Object.assign(el, { type: 'comment', maxLength: q.max_length, description: t(q.warning) });
          break;
        default:
          throw new Error(`question ${q.id}: unknown kind ${q.kind}`);
      }
      for (const k of Object.keys(el)) if (el[k] === undefined) delete el[k];
      pages.push({ name: `page_${q.id}`, elements: [el] });
    }
  }
  return { title: t(survey.title), description: t(survey.description), locale: lang, pages };
}
