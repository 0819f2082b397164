//! `matches`: a regex search of a text. A literal pattern was compiled
//! once by `check`; any other (a report value, or one computed from report
//! values) is compiled here when first needed, with the limits every
//! pattern gets ([`crate::pattern`]), and kept in a small cache.
//!
//! A report is untrusted and can hold thousands of distinct patterns, each
//! taking milliseconds and a megabyte or more to compile right under the
//! size limits. So compiling is charged to the rule's step budget (a rule
//! that compiles too much is stopped like one that loops too much), and the
//! cache keeps only the patterns used most recently: 6,000 such patterns
//! once took 60 s and 7 GB.

use regex::Regex;

use super::display::quoted;
use super::message::not_a_date_help;
use super::value::{Kind, Value};
use super::{Abort, Eval};
use crate::finding::codes;
use crate::syntax::ast::Expr;
use crate::wording;

/// How many compiled patterns one evaluation keeps. A compiled pattern is
/// bounded by the size limits of [`crate::pattern`] (its program and the
/// cache of its lazy DFA, 1 MiB each; 1.2 MB measured for a pattern at the
/// limit), so the cache never holds more than a few tens of MB, and a rule
/// that tests each element against one of a few patterns compiles each once.
pub(crate) const CACHED_PATTERNS: usize = 16;

/// Steps charged for compiling a pattern, before its length: a pattern
/// right under the size limits takes about 5 ms to compile, some 250,000
/// steps of evaluation (about 20 ns each), while a usual one takes a few
/// microseconds. This charge lets a rule compile at most 50 patterns on
/// one document, a quarter of a second at worst.
const COMPILE_STEPS: u64 = 100_000;

/// Steps charged for each byte of a pattern: reading it is linear in its
/// length, and a pattern of megabytes is stopped before it is compiled.
const STEPS_PER_PATTERN_BYTE: u64 = 100;

/// The patterns compiled during one evaluation, the most recently used
/// kept, an invalid one with the reason it is invalid.
#[derive(Default)]
pub(crate) struct Patterns {
    entries: Vec<Cached>,
    /// Counts uses, to find the least recently used entry.
    clock: u64,
    /// How many patterns were compiled, for the tests.
    compiled: usize,
}

struct Cached {
    pattern: String,
    regex: Result<Regex, String>,
    used: u64,
}

impl Patterns {
    /// Where `pattern` is cached, marking it used.
    fn find(&mut self, pattern: &str) -> Option<usize> {
        self.clock += 1;
        let slot = self.entries.iter().position(|e| e.pattern == pattern)?;
        self.entries[slot].used = self.clock;
        Some(slot)
    }

    /// Compiles `pattern` and keeps it, in place of the least recently used
    /// pattern when the cache is full; returns where.
    fn compile(&mut self, pattern: &str) -> usize {
        self.compiled += 1;
        let cached = Cached {
            pattern: pattern.to_string(),
            regex: compile(pattern),
            used: self.clock,
        };
        if self.entries.len() < CACHED_PATTERNS {
            self.entries.push(cached);
            return self.entries.len() - 1;
        }
        let oldest = (0..self.entries.len())
            .min_by_key(|&i| self.entries[i].used)
            .unwrap_or(0);
        self.entries[oldest] = cached;
        oldest
    }

    /// How many patterns are cached and how many were compiled.
    #[cfg(test)]
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.entries.len(), self.compiled)
    }
}

/// `pattern` compiled, or the reason it is not a valid pattern: the last
/// line of the regex crate's message (the lines before it draw the
/// pattern).
fn compile(pattern: &str) -> Result<Regex, String> {
    crate::pattern::compile_regex(pattern).map_err(|e| {
        let text = e.to_string();
        let last = text.lines().last().unwrap_or("").trim();
        last.strip_prefix("error: ").unwrap_or(last).to_string()
    })
}

/// The steps compiling `pattern` is charged.
fn compile_steps(pattern: &str) -> u64 {
    let bytes = u64::try_from(pattern.len()).unwrap_or(u64::MAX);
    COMPILE_STEPS.saturating_add(bytes.saturating_mul(STEPS_PER_PATTERN_BYTE))
}

impl<'a> Eval<'a> {
    /// `l matches r`: a regex search (unanchored; `^...$` anchors it).
    pub(crate) fn matches(
        &mut self,
        rx: &'a Expr,
        l: &Value<'a>,
        r: &Value<'a>,
    ) -> Result<bool, Abort> {
        let text_value = match &l.kind {
            Kind::Str(s) => s.as_str(),
            Kind::Null => return Ok(false),
            _ => {
                return Err(Abort::mismatch(
                    format!("`matches` needs a string, found {}", l.type_name()),
                    l.origin,
                )
                .with_label(quoted(l))
                .with_help(not_a_date_help(l)));
            }
        };
        let pattern = match &r.kind {
            Kind::Str(p) => p.as_str(),
            _ => {
                return Err(Abort::mismatch(
                    format!(
                        "the pattern `{}` is {}, not a string",
                        self.text(rx.span),
                        r.type_name()
                    ),
                    r.origin.or(l.origin),
                )
                .with_label(quoted(r)));
            }
        };
        self.tick(1 + text_value.len() as u64 / 64)?;
        if let Some(re) = self.rules.regexes.get(pattern) {
            return Ok(re.is_match(text_value));
        }
        let slot = match self.patterns.find(pattern) {
            Some(slot) => slot,
            None => {
                self.tick(compile_steps(pattern))?;
                self.patterns.compile(pattern)
            }
        };
        let found = match &self.patterns.entries[slot].regex {
            Ok(re) => Ok(re.is_match(text_value)),
            Err(why) => Err(why.clone()),
        };
        found.map_err(|why| {
            Abort::data(
                codes::INVALID_PATTERN,
                format!(
                    "{} is not a valid regular expression",
                    wording::backticked(pattern)
                ),
                r.origin.or(l.origin),
            )
            .with_label(quoted(r))
            .with_help(Some(why))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;
    use crate::rules::{RuleSet, RuleSource};

    const RULES: &str = "rule P \"p\" {\n    each m in measures {\n        require m.title matches m.pattern\n    }\n}\n";

    fn rules() -> RuleSet {
        crate::load_rules(vec![RuleSource {
            name: "p.rules".into(),
            text: RULES.into(),
        }])
        .expect("valid rules")
    }

    /// A report whose element `i` has title `t{i}` and pattern `pattern(i)`.
    fn report(n: usize, pattern: impl Fn(usize) -> String) -> crate::report::Node {
        let mut text = String::from("measures:\n");
        for i in 0..n {
            text.push_str(&format!("  - title: t{i}\n    pattern: '{}'\n", pattern(i)));
        }
        crate::report::load(&text)
            .expect("valid YAML")
            .documents
            .remove(0)
    }

    /// The findings of rule P and (cached, compiled) pattern counts.
    fn run(doc: &crate::report::Node, budget: u64) -> (Vec<Finding>, (usize, usize)) {
        let rules = rules();
        let mut eval = Eval::new(&rules, doc, budget);
        let mut out = Vec::new();
        eval.run_rule(0, &rules.rules[0], &mut out);
        (out, eval.patterns.counts())
    }

    /// Regression: 6,000 distinct patterns from the report took 60 s and
    /// 7 GB, every one compiled, kept, and free of the step budget.
    #[test]
    fn patterns_from_the_report_are_charged_and_few_are_kept() {
        let doc = report(300, |i| format!("^t{i}$"));
        // With budget to spare, every pattern is compiled once and only
        // the most recent are kept.
        let (out, (cached, compiled)) = run(&doc, u64::MAX);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!((cached, compiled), (CACHED_PATTERNS, 300));
        // Each compilation is charged: the default budget stops the rule
        // after 49 of them (100,000 steps and 100 a byte each).
        let (out, (cached, compiled)) = run(&doc, crate::eval::DEFAULT_BUDGET);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].code, codes::EVAL_LIMIT);
        assert_eq!((cached, compiled), (CACHED_PATTERNS, 49));
        // A pattern used again is not compiled again.
        let doc = report(300, |i| format!("^t{}", i % 3));
        let (_, (cached, compiled)) = run(&doc, crate::eval::DEFAULT_BUDGET);
        assert_eq!((cached, compiled), (3, 3));
    }

    #[test]
    fn the_least_recently_used_pattern_is_replaced() {
        let mut patterns = Patterns::default();
        for i in 0..CACHED_PATTERNS {
            patterns.compile(&format!("a{i}"));
        }
        assert!(patterns.find("a0").is_some());
        let slot = patterns.compile("b");
        assert_eq!(patterns.entries[slot].pattern, "b");
        assert!(patterns.find("a0").is_some());
        assert!(patterns.find("a1").is_none());
        assert_eq!(patterns.counts(), (CACHED_PATTERNS, CACHED_PATTERNS + 1));
    }

    /// A pattern that does not compile is a finding of its own, on the
    /// value it came from, quoted short however long it is.
    #[test]
    fn an_invalid_pattern_is_an_invalid_pattern_finding_at_the_pattern() {
        let doc = report(2, |i| match i {
            0 => "(unclosed".to_string(),
            _ => format!("{}(", "x".repeat(10_000)),
        });
        let (out, _) = run(&doc, crate::eval::DEFAULT_BUDGET);
        let [first, second] = &out[..] else {
            panic!("{out:?}")
        };
        assert_eq!(first.code, codes::INVALID_PATTERN);
        let pattern = match &doc.get("measures").map(|m| &m.kind) {
            Some(crate::report::NodeKind::Seq(items)) => items[0].get("pattern").map(|p| p.span),
            _ => None,
        };
        assert_eq!(first.span, pattern);
        assert_eq!(
            first.message,
            "`(unclosed` is not a valid regular expression"
        );
        assert_eq!(first.help.as_deref(), Some("unclosed group"));
        assert_eq!(first.label.as_deref(), Some("\"(unclosed\""));
        assert_eq!(
            second.message,
            format!(
                "`{}…` (10,001 characters) is not a valid regular expression",
                "x".repeat(80)
            )
        );
        assert!(second.label.as_deref().is_some_and(|l| l.len() < 120));
    }
}
