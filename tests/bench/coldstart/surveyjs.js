// Renders the converted secondary survey (window.youthVoiceSurveyModel, from survey-model.js,
// which tests/bench/coldstart.mjs writes from crates/core/data/surveys/secondary.json) with the
// SurveyJS UI package, as its "get started" guide does: new Survey.Model(json), survey.render().
const survey = new Survey.Model(window.youthVoiceSurveyModel);
survey.render(document.getElementById('survey'));
