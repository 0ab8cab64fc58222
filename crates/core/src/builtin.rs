//! The surveys and frameworks Youth Voice ships, built into the app from `data/`.

use crate::error::LoadError;
use crate::framework::{parse_framework, Framework};
use crate::survey::{parse_survey, Survey};

/// Built-in survey files: (file name, contents).
pub const SURVEY_FILES: &[(&str, &str)] = &[
    ("primary.json", include_str!("../data/surveys/primary.json")),
    ("secondary.json", include_str!("../data/surveys/secondary.json")),
];

/// Built-in framework files: (file name, contents), one per plan in `shared/seeds`.
pub const FRAMEWORK_FILES: &[(&str, &str)] = &[
    ("calderdale.json", include_str!("../data/frameworks/calderdale.json")),
    ("leeds-2018-23.json", include_str!("../data/frameworks/leeds-2018-23.json")),
    ("central-bedfordshire-2015-17.json", include_str!("../data/frameworks/central-bedfordshire-2015-17.json")),
    ("halton.json", include_str!("../data/frameworks/halton.json")),
    ("richmond-2009-13.json", include_str!("../data/frameworks/richmond-2009-13.json")),
];

/// The built-in surveys and frameworks, parsed and validated.
#[derive(Debug, Clone)]
pub struct Library {
    pub surveys: Vec<Survey>,
    pub frameworks: Vec<Framework>,
}

impl Library {
    pub fn survey(&self, id: &str) -> Option<&Survey> {
        self.surveys.iter().find(|s| s.id == id)
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }
}

/// Parse every built-in file. The tests guarantee this succeeds for the shipped files; the app
/// still shows the error rather than panicking if it ever does not.
pub fn library() -> Result<Library, LoadError> {
    let surveys = SURVEY_FILES.iter().map(|(name, text)| parse_survey(name, text)).collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&Survey> = surveys.iter().collect();
    let frameworks =
        FRAMEWORK_FILES.iter().map(|(name, text)| parse_framework(name, text, &refs)).collect::<Result<Vec<_>, _>>()?;
    Ok(Library { surveys, frameworks })
}
