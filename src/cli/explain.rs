//! `pilotlint explain ID`: everything about one rule in one place, the way
//! `rustc --explain` or `ruff rule` show a code: its title, severity, tags,
//! url, where it is written, its help, and its source text as written (from
//! `rule` to the closing `}`), so the reader sees exactly what is checked.

use std::path::PathBuf;

use clap::Args;

use super::args::ColorChoice;
use super::config::ConfigArgs;
use super::exit::Exit;
use super::sink::{Errors, write_stdout};
use super::sources::{load_configured, written_severity};
use pilotlint::diagnostic::Diag;
use pilotlint::diagnostic::fill;
use pilotlint::rules::{RuleInfo, RuleSet};
use pilotlint::span::LineIndex;
use pilotlint::suggest::did_you_mean;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `STP001`
    #[arg(value_name = "ID")]
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
    let Some((rules, config)) = load_configured(&args.rules, &args.config, &mut errors) else {
        return Exit::Failed;
    };
    let config_name = config.as_ref().map_or("", |c| c.name.as_str());
    if let Some(info) = rules.disabled.iter().find(|r| r.id() == args.id) {
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
    let Some(info) = rules.rule_by_id(&args.id) else {
        let near = did_you_mean(&args.id, rules.rules.iter().map(RuleInfo::id));
        errors.report(
            &Diag::error(format!("unknown rule `{}`", args.id)).with_help(match near {
                Some(id) => format!("did you mean `{id}`?"),
                None => "`pilotlint rules` lists the loaded rules".to_string(),
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
