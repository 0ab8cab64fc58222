//! The surveys and frameworks a facilitator can choose from: the built-in ones and any they
//! loaded. Loading a file checks everything before anything changes.

use crate::builtin::Library;
use crate::error::{LoadError, ProblemKind, MAX_FILE_BYTES};
use crate::evaluate::{evaluate, Evaluation};
use crate::framework::{parse_framework, Framework, FRAMEWORK_FORMAT};
use crate::survey::{parse_survey, Survey, SURVEY_FORMAT};

/// Where an item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    Loaded,
}

/// A file that passed every check, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Survey(Survey),
    Framework(Framework),
}

impl Loaded {
    pub fn id(&self) -> &str {
        match self {
            Loaded::Survey(s) => &s.id,
            Loaded::Framework(f) => &f.id,
        }
    }
}

/// Built-in and loaded surveys and frameworks.
#[derive(Debug, Clone)]
pub struct Catalogue {
    builtin: Library,
    surveys: Vec<Survey>,
    frameworks: Vec<Framework>,
}

/// Bytes of `item` written as JSON, as storage writes it (counted, not kept).
pub fn stored_bytes<T: serde::Serialize>(item: &T) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut n = Count(0);
    // Surveys and frameworks always serialise; were one not to, it could not be stored at all.
    match serde_json::to_writer(&mut n, item) {
        Ok(()) => n.0,
        Err(_) => usize::MAX,
    }
}

/// How much of a framework a survey measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// Indicators in the framework.
    pub indicators: usize,
    /// Indicators a pupil survey could measure at all.
    pub measurable: usize,
    /// Of those, the ones this survey measures.
    pub measured: usize,
}

impl Catalogue {
    pub fn new(builtin: Library) -> Self {
        Catalogue { builtin, surveys: Vec::new(), frameworks: Vec::new() }
    }

    /// Every survey, built-in first.
    pub fn surveys(&self) -> impl Iterator<Item = (&Survey, Origin)> {
        self.builtin
            .surveys
            .iter()
            .map(|s| (s, Origin::BuiltIn))
            .chain(self.surveys.iter().map(|s| (s, Origin::Loaded)))
    }

    /// Every framework, built-in first.
    pub fn frameworks(&self) -> impl Iterator<Item = (&Framework, Origin)> {
        self.builtin
            .frameworks
            .iter()
            .map(|f| (f, Origin::BuiltIn))
            .chain(self.frameworks.iter().map(|f| (f, Origin::Loaded)))
    }

    pub fn survey(&self, id: &str) -> Option<&Survey> {
        self.surveys().map(|(s, _)| s).find(|s| s.id == id)
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks().map(|(f, _)| f).find(|f| f.id == id)
    }

    /// The survey `id` at exactly `version`: the current one, or an earlier built-in version
    /// kept for the sessions that were started with it.
    pub fn survey_version(&self, id: &str, version: &str) -> Option<&Survey> {
        self.survey(id).filter(|s| s.version == version).or_else(|| self.builtin.survey_version(id, version))
    }

    /// Check a file a facilitator chose, of either kind. Nothing changes here: the caller
    /// stores the result and then calls [`Catalogue::add`].
    ///
    /// The stored copy is the checked item written out again (every default included), which
    /// can be larger than the file; it must be readable at the next start, so the stored form is
    /// held to the same size limit as the file ([`ProblemKind::StoredTooLarge`]).
    pub fn check_file(&self, file: &str, text: &str) -> Result<Loaded, LoadError> {
        let item = self.check_text(file, text)?;
        let stored = match &item {
            Loaded::Survey(s) => stored_bytes(s),
            Loaded::Framework(f) => stored_bytes(f),
        };
        if stored > MAX_FILE_BYTES {
            return Err(LoadError::single(file, "", ProblemKind::StoredTooLarge { stored, max: MAX_FILE_BYTES }));
        }
        Ok(item)
    }

    fn check_text(&self, file: &str, text: &str) -> Result<Loaded, LoadError> {
        if text.len() > MAX_FILE_BYTES {
            return Err(LoadError::single(file, "", ProblemKind::TooLarge { bytes: text.len(), max: MAX_FILE_BYTES }));
        }
        let format = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("format").and_then(|f| f.as_str()).map(str::to_string));
        match format.as_deref() {
            Some(FRAMEWORK_FORMAT) => {
                let surveys: Vec<&Survey> = self.surveys().map(|(s, _)| s).collect();
                let fw = parse_framework(file, text, &surveys)?;
                self.refuse_builtin_id(file, &fw.id, self.builtin.framework(&fw.id).is_some())?;
                Ok(Loaded::Framework(fw))
            }
            // A survey, or something unrecognisable: the survey parser explains what is wrong.
            _ => {
                let s = parse_survey(file, text).map_err(|mut e| {
                    if format.is_some() {
                        for p in &mut e.problems {
                            if let ProblemKind::WrongFormat { expected, .. } = &mut p.kind {
                                *expected = format!("{SURVEY_FORMAT} or {FRAMEWORK_FORMAT}");
                            }
                        }
                    }
                    e
                })?;
                self.refuse_builtin_id(file, &s.id, self.builtin.survey(&s.id).is_some())?;
                Ok(Loaded::Survey(s))
            }
        }
    }

    fn refuse_builtin_id(&self, file: &str, id: &str, clash: bool) -> Result<(), LoadError> {
        if clash {
            Err(LoadError::single(file, "", ProblemKind::BuiltInId { id: id.to_string() }))
        } else {
            Ok(())
        }
    }

    /// Add a checked item; a loaded item with the same id is replaced.
    pub fn add(&mut self, item: Loaded) {
        match item {
            Loaded::Survey(s) => {
                self.surveys.retain(|x| x.id != s.id);
                self.surveys.push(s);
            }
            Loaded::Framework(f) => {
                self.frameworks.retain(|x| x.id != f.id);
                self.frameworks.push(f);
            }
        }
    }

    /// Remove a loaded survey or framework (built-in ones cannot be removed).
    pub fn remove_loaded(&mut self, id: &str) {
        self.surveys.retain(|s| s.id != id);
        self.frameworks.retain(|f| f.id != id);
    }

    /// How much of `fw` the survey measures.
    pub fn coverage(fw: &Framework, survey: &Survey) -> Coverage {
        let inds = fw.indicators();
        let measurable = inds.iter().filter(|(_, i)| i.measure.is_some()).count();
        let measured =
            inds.iter().filter(|(_, i)| matches!(evaluate(i, survey, []), Evaluation::Counts { .. })).count();
        Coverage { indicators: inds.len(), measurable, measured }
    }
}
