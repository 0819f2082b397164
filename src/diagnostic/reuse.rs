//! Rendering many findings of the same rules: most findings carry one
//! related diagnostic, the rule clause in the rule file, which renders the
//! same for every finding of that rule (a snippet of the rule file, as
//! wide as the page). miette renders it again for each finding, and that
//! was half the time the human format spent on a large corpus. Here it is
//! rendered once per clause and reused.
//!
//! miette writes a diagnostic's related diagnostics after everything else
//! of it, each on its own and the last one with `└─▶`; so a diagnostic with
//! one related diagnostic renders as itself without it followed by that
//! part. The part is taken from the first rendering whole (the rendering
//! without it must be its start, or nothing is kept), so the text written
//! is byte for byte what [`render`] writes.

use std::collections::HashMap;

use super::{Diag, render};

/// How many related parts are kept: one per rule clause is tens; findings
/// whose related diagnostic is another report's value differ each time,
/// and past this many nothing more is kept.
const KEPT: usize = 512;

/// The related parts rendered so far, for one run's writer (and its
/// `color`).
#[derive(Debug, Default)]
pub struct Rendered {
    parts: HashMap<Key, Option<String>>,
}

/// Everything the rendering of a related diagnostic reads: its parent's
/// severity (the style of `└─▶`) and the diagnostic itself. A source is
/// its name and the address and length of its text: a run's texts live
/// as long as its writer, and a name is one file.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Key {
    parent: u8,
    severity: u8,
    message: String,
    code: Option<String>,
    help: Option<String>,
    url: Option<String>,
    source: (String, usize, usize),
    labels: Vec<(usize, usize, Option<String>, bool)>,
}

fn level(s: miette::Severity) -> u8 {
    match s {
        miette::Severity::Advice => 0,
        miette::Severity::Warning => 1,
        miette::Severity::Error => 2,
    }
}

impl Key {
    /// The key of `d`'s one related diagnostic; `None` when `d` has
    /// another number of them, or it has no source or related ones of its
    /// own.
    fn of(d: &Diag<'_>) -> Option<Key> {
        let [rel] = d.related.as_slice() else {
            return None;
        };
        let source = rel.source.as_ref().filter(|_| rel.related.is_empty())?;
        Some(Key {
            parent: level(d.severity),
            severity: level(rel.severity),
            message: rel.message.clone(),
            code: rel.code.clone(),
            help: rel.help.clone(),
            url: rel.url.clone(),
            source: (
                source.name.to_string(),
                source.text.as_ptr() as usize,
                source.text.len(),
            ),
            labels: rel
                .labels
                .iter()
                .map(|l| {
                    (
                        l.offset(),
                        l.len(),
                        l.label().map(str::to_string),
                        l.primary(),
                    )
                })
                .collect(),
        })
    }
}

impl Rendered {
    /// How many related parts are kept (rendered once, reused since).
    pub fn len(&self) -> usize {
        self.parts.values().filter(|p| p.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// [`render`], with the related part of `d` taken from `rendered` when a
/// diagnostic before rendered the same one.
pub fn render_reusing(d: &Diag<'_>, color: bool, rendered: &mut Rendered) -> String {
    let Some(key) = Key::of(d) else {
        return render(d, color);
    };
    let alone = || {
        render(
            &Diag {
                related: Vec::new(),
                ..d.clone()
            },
            color,
        )
    };
    match rendered.parts.get(&key) {
        Some(Some(part)) => {
            let mut out = alone();
            out.push_str(part);
            out
        }
        Some(None) => render(d, color),
        None => {
            let whole = render(d, color);
            if rendered.parts.len() < KEPT {
                let part = whole.strip_prefix(alone().as_str()).map(str::to_string);
                rendered.parts.insert(key, part);
            }
            whole
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Rendered, render_reusing};
    use crate::diagnostic::{finding, render};
    use crate::pipeline::{check_report, load_rules};

    /// Every finding of the shipped packs on the example with mistakes,
    /// in color and without: the same text as rendered whole, with the
    /// rule clauses' parts rendered once per clause.
    #[test]
    fn a_reused_rule_clause_renders_the_same_text() {
        let rules = load_rules(crate::builtin::all(true)).expect("the packs load");
        let text = include_bytes!("../../examples/suzhou-2022-mistakes.yaml");
        let report = check_report(&rules, "examples/suzhou-2022-mistakes.yaml", text);
        assert!(report.findings.len() > 10, "{}", report.findings.len());
        for color in [false, true] {
            let mut rendered = Rendered::default();
            for _ in 0..2 {
                for f in &report.findings {
                    let d = finding(&report, f);
                    assert_eq!(render_reusing(&d, color, &mut rendered), render(&d, color));
                }
            }
            let clauses: std::collections::BTreeSet<_> = report
                .findings
                .iter()
                .filter_map(|f| f.rule.as_ref().map(|r| (r.meta.index, r.clause.start)))
                .collect();
            assert!(!rendered.is_empty() && rendered.len() <= clauses.len());
        }
    }
}
