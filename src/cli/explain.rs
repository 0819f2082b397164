//! `pilotlint explain ID`: everything about one rule in one place, the way
//! `rustc --explain` or `ruff rule` show a code: its title, severity, tags,
//! url, where it is written, its help, and its source text as written (from
//! `rule` to the closing `}`), so the reader sees exactly what is checked.
//! A code no rule writes (`yaml-syntax`) is explained from the library's
//! table of them, without loading rules. Ids match in any case, as Ruff's
//! do (`explain stp005`).

use std::path::PathBuf;

use clap::Args;

use super::args::ColorChoice;
use super::config::ConfigArgs;
use super::exit::Exit;
use super::sink::{Errors, write_stdout};
use super::sources::{load_configured, written_severity};
use pilotlint::diagnostic::Diag;
use pilotlint::diagnostic::fill;
use pilotlint::finding::codes;
use pilotlint::rules::{RuleInfo, RuleSet};
use pilotlint::span::LineIndex;
use pilotlint::suggest::did_you_mean;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id, e.g. `STP001`, or the code of a finding no rule writes,
    /// e.g. `yaml-syntax`; in any case
    #[arg(value_name = "ID", verbatim_doc_comment)]
    pub id: String,

    /// A rule file, a directory walked for `*.rules` files, or a built-in
    /// pack, as for `check` [default: ./rules, or every built-in pack when
    /// there is no ./rules]
    #[arg(long, value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Width the help paragraph is filled to.
const WIDTH: usize = 79;

/// Runs `pilotlint explain`: exit 0, or 2 when the rules cannot be loaded or
/// no loaded rule has the id.
pub(crate) fn run(args: &ExplainArgs) -> Exit {
    let mut errors = Errors::new(ColorChoice::Auto);
    // A code has a `-`, which no rule id has: it needs no rules loaded.
    if let Some(doc) = codes::doc(&args.id) {
        write_stdout(&explain_code(doc), &mut errors);
        return if errors.failed {
            Exit::Failed
        } else {
            Exit::Clean
        };
    }
    let Some((rules, config)) = load_configured(&args.rules, &args.config, &mut errors) else {
        return Exit::Failed;
    };
    let config_name = config.as_ref().map_or("", |c| c.name.as_str());
    let id = match resolve_id(&rules, &args.id) {
        Ok(id) => id,
        Err(d) => {
            errors.report(&d);
            return Exit::Failed;
        }
    };
    if let Some(info) = rules.disabled.iter().find(|r| r.id() == id) {
        let text = explain(&rules, info).replacen(
            &format!("severity: {}\n", info.meta.severity),
            &format!("severity: disabled by `{config_name}`\n"),
            1,
        );
        write_stdout(&text, &mut errors);
        return if errors.failed {
            Exit::Failed
        } else {
            Exit::Clean
        };
    }
    let Some(info) = rules.rule_by_id(&id) else {
        let known = rules.rules.iter().map(RuleInfo::id);
        let near = did_you_mean(&args.id, known.chain(codes::TABLE.iter().map(|d| d.code)));
        errors.report(
            // Codes have a `-`, rule ids never do.
            &Diag::error(if args.id.contains('-') {
                format!("unknown code `{}`", args.id)
            } else {
                format!("unknown rule `{}`", args.id)
            })
            .with_help(match near {
                Some(id) => format!("did you mean `{id}`?"),
                None => "`pilotlint rules` lists the loaded rules; grammar.md, \"Findings \
                         that no rule wrote\", the codes no rule writes"
                    .to_string(),
            }),
        );
        return Exit::Failed;
    };
    let mut text = explain(&rules, info);
    let written = written_severity(info);
    if written != info.meta.severity {
        text = text.replacen(
            &format!("severity: {}\n", info.meta.severity),
            &format!(
                "severity: {} (set by `{config_name}`; the rule says {written})\n",
                info.meta.severity
            ),
            1,
        );
    }
    write_stdout(&text, &mut errors);
    if errors.failed {
        Exit::Failed
    } else {
        Exit::Clean
    }
}

/// The id of a loaded or disabled rule that `asked` names: itself when a
/// rule has exactly that id, else the one rule whose id matches in any
/// case; `asked` as it is when none does (the caller says it is unknown),
/// an error when several do.
fn resolve_id(rules: &RuleSet, asked: &str) -> Result<String, Box<Diag<'static>>> {
    let all = || rules.rules.iter().chain(&rules.disabled).map(RuleInfo::id);
    if all().any(|id| id == asked) {
        return Ok(asked.to_string());
    }
    let matching: Vec<&str> = all().filter(|id| id.eq_ignore_ascii_case(asked)).collect();
    match matching[..] {
        [] => Ok(asked.to_string()),
        [one] => Ok(one.to_string()),
        _ => Err(Box::new(
            Diag::error(format!(
                "`{asked}` names {} rules that differ only in case",
                matching.len()
            ))
            .with_help(format!(
                "name one exactly: {}",
                matching
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )),
    }
}

/// The text `explain` prints for a code no rule writes.
pub fn explain_code(doc: &codes::CodeDoc) -> String {
    let mut chars = doc.when.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    let when = fill(
        &format!("{}{}.", first.unwrap_or_default(), chars.as_str()),
        WIDTH,
    );
    format!(
        "{}: {}\n\nseverity: {}\nwritten:  by pilotlint itself, not by a rule \
         (grammar.md, \"Findings that no rule wrote\")\n\n{when}\n",
        doc.code, doc.title, doc.severity
    )
}

/// The text `explain` prints for `info`.
pub fn explain(rules: &RuleSet, info: &RuleInfo) -> String {
    let mut out = format!("{}: {}\n\n", info.id(), info.title());
    out.push_str(&format!("severity: {}\n", info.meta.severity));
    if !info.meta.tags.is_empty() {
        out.push_str(&format!("tags:     {}\n", info.meta.tags.join(", ")));
    }
    if let Some(url) = &info.meta.url {
        out.push_str(&format!("url:      {url}\n"));
    }
    if info.is_set() {
        out.push_str("reads:    every report of the run at once (a rule across reports)\n");
    }
    let source = rules.sources.get(info.file);
    if let Some(source) = source {
        let line = LineIndex::new(&source.text).line(&source.text, info.rule.span.start);
        out.push_str(&format!("source:   {}:{line}\n", source.name));
    }
    if let Some(help) = &info.meta.help {
        out.push('\n');
        out.push_str(&fill(help, WIDTH));
        out.push('\n');
    }
    if let Some(text) = source.and_then(|s| s.text.get(info.rule.span.start..info.rule.span.end)) {
        out.push('\n');
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_breaks_between_words_and_keeps_long_words_whole() {
        assert_eq!(fill("aa bb cc", 5), "aa bb\ncc");
        assert_eq!(fill("abcdefgh ij", 4), "abcdefgh\nij");
        assert_eq!(fill("a\nb c", 10), "a\nb c");
    }
}
