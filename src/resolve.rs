//! The seam between the library and the files that rule files name: a
//! `schema "PATH"` or `data NAME "PATH"` declaration is resolved to the
//! file's text by the front end, through a [`Resolver`]. The library reads no files itself; the
//! command line reads them relative to the rule file, and the built-in
//! packs get their embedded schema ([`crate::builtin::resolve`]).

use crate::rules::RuleSource;

/// The text of a file a rule file names, as the front end read it.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// Where it was read from, for messages (`schema/report.schema.json`).
    pub name: String,
    pub text: String,
}

/// Why a front end could not give a named file: an error at the
/// declaration that names it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolveError {
    /// One lowercase sentence, user input in backticks.
    pub message: String,
    pub help: Option<String>,
}

/// What a declaration names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted<'n> {
    /// `schema "PATH"`: a JSON Schema.
    Schema,
    /// `data NAME "PATH"`: a YAML file of reference data, with its NAME (a
    /// front end may read another file for a name: a configuration's own
    /// registry for a built-in pack's `data areas`).
    Data(&'n str),
}

impl Wanted<'_> {
    /// What the file is called in messages: "schema", "data file".
    pub fn noun(self) -> &'static str {
        match self {
            Wanted::Schema => "schema",
            Wanted::Data(_) => "data file",
        }
    }
}

/// How a front end turns a declaration into the file's text: called with
/// the rule file that declares it, what it declares and the path as written.
pub type Resolver<'r> =
    dyn FnMut(&RuleSource, Wanted<'_>, &str) -> Result<Resolved, ResolveError> + 'r;
