//! The surveys and frameworks Youth Voice ships, from `data/`.
//!
//! The browser app does not carry them inside its WebAssembly: the build copies them out as
//! hashed static files (see `tools/sw/build_dist.py`), the facilitator's app fetches them and
//! parses them with [`library_from`]. With the `embedded` feature (tests, benches, native tools)
//! they are also compiled in, as [`SURVEY_FILES`], [`FRAMEWORK_FILES`] and [`library`].

use crate::error::LoadError;
use crate::framework::{parse_framework, Framework};
use crate::survey::{parse_survey, Survey};

/// Built-in survey files: (file name, contents).
#[cfg(feature = "embedded")]
pub const SURVEY_FILES: &[(&str, &str)] = &[
    ("primary.json", include_str!("../data/surveys/primary.json")),
    ("secondary.json", include_str!("../data/surveys/secondary.json")),
    ("primary-1.0.0.json", include_str!("../data/surveys/primary-1.0.0.json")),
];

/// Built-in framework files: (file name, contents), one per plan in `shared/seeds`.
#[cfg(feature = "embedded")]
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
    /// The newest version of each built-in survey: the ones a new session can use.
    pub surveys: Vec<Survey>,
    /// Earlier versions still shipped, so that sessions started with them keep their survey
    /// (results, kiosk, bundles between tablets not yet updated). Never offered for a new session.
    pub earlier: Vec<Survey>,
    pub frameworks: Vec<Framework>,
}

impl Library {
    pub fn survey(&self, id: &str) -> Option<&Survey> {
        self.surveys.iter().find(|s| s.id == id)
    }

    /// The survey `id` at exactly `version`, current or earlier.
    pub fn survey_version(&self, id: &str, version: &str) -> Option<&Survey> {
        self.surveys.iter().chain(&self.earlier).find(|s| s.id == id && s.version == version)
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }
}

/// Parse every built-in file. The tests guarantee this succeeds for the shipped files; the app
/// still shows the error rather than panicking if it ever does not.
#[cfg(feature = "embedded")]
pub fn library() -> Result<Library, LoadError> {
    library_from(SURVEY_FILES, FRAMEWORK_FILES)
}

/// Parse and check built-in files given as (file name, contents): the surveys first, as the
/// frameworks are checked against them. The first file that fails is the error.
pub fn library_from<N: AsRef<str>, T: AsRef<str>>(
    survey_files: &[(N, T)],
    framework_files: &[(N, T)],
) -> Result<Library, LoadError> {
    let all = survey_files
        .iter()
        .map(|(name, text)| parse_survey(name.as_ref(), text.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let (mut surveys, mut earlier) = (Vec::<Survey>::new(), Vec::new());
    for s in all {
        match surveys.iter_mut().find(|c| c.id == s.id) {
            Some(current) if newer(&s.version, &current.version) => earlier.push(std::mem::replace(current, s)),
            Some(_) => earlier.push(s),
            None => surveys.push(s),
        }
    }
    let refs: Vec<&Survey> = surveys.iter().collect();
    let frameworks = framework_files
        .iter()
        .map(|(name, text)| parse_framework(name.as_ref(), text.as_ref(), &refs))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Library { surveys, earlier, frameworks })
}

/// Whether version `a` is later than `b`, comparing dot-separated numbers ("1.10.0" after
/// "1.9.2"); parts that are not numbers compare as text.
pub fn newer(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<(u64, String)> {
        v.split('.').map(|p| p.parse::<u64>().map_or_else(|_| (0, p.to_string()), |n| (n, String::new()))).collect()
    };
    parts(a) > parts(b)
}
