//! `pilotlint rules`: the loaded rules, one per line, in load order: id,
//! severity, title and the place the rule is written (`file:line`), in
//! aligned columns so a long list can be scanned and grepped; or, with
//! `--format json`, one JSON document for other tools. Like `check`, it
//! reads pilotlint.toml: its rules, severities and disabled rules are what
//! is listed.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::ColorChoice;
use super::config::ConfigArgs;
use super::exit::Exit;
use super::sink::{Errors, write_stdout};
use super::sources::load_configured;
use pilotlint::rules::RuleSet;
use pilotlint::span::LineIndex;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule file, a directory walked for `*.rules` files, or a built-in
    /// pack, as for `check` [default: ./rules, or every built-in pack when
    /// there is no ./rules]
    #[arg(long, value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One line per rule: id, severity, title, file:line
    Text,
    /// One JSON document: {version: 1, rules: [{id, severity, title, tags,
    /// url, file, line, pack, reads_every_report, disabled}, ...]}
    Json,
}

/// Runs `pilotlint rules`: exit 0, or 2 when the rules cannot be loaded.
pub(crate) fn run(args: &RulesArgs) -> Exit {
    let mut errors = Errors::new(ColorChoice::Auto);
    let Some((rules, _)) = load_configured(&args.rules, &args.config, &mut errors) else {
        return Exit::Failed;
    };
    let text = match args.format {
        RulesFormat::Text => table(&rules),
        RulesFormat::Json => json(&rules),
    };
    write_stdout(&text, &mut errors);
    if errors.failed {
        Exit::Failed
    } else {
        Exit::Clean
    }
}

/// The listing: one line per rule, columns padded to their widest entry
/// as a terminal shows it (a Chinese character takes two columns). The
/// severity is the one `check` uses (after the configuration's
/// `[severity]`); rules the configuration disables come last, as
/// `disabled`.
pub fn table(rules: &RuleSet) -> String {
    let rows: Vec<[String; 4]> = {
        let indexes: Vec<LineIndex> = rules
            .sources
            .iter()
            .map(|s| LineIndex::new(&s.text))
            .collect();
        let disabled = rules.disabled.iter().map(|info| (info, true));
        rules
            .rules
            .iter()
            .map(|info| (info, false))
            .chain(disabled)
            .map(|(info, disabled)| {
                let place = match (rules.sources.get(info.file), indexes.get(info.file)) {
                    (Some(source), Some(lines)) => format!(
                        "{}:{}",
                        source.name,
                        lines.line(&source.text, info.rule.span.start)
                    ),
                    _ => String::new(),
                };
                [
                    info.id().to_string(),
                    if disabled {
                        "disabled".to_string()
                    } else {
                        info.meta.severity.to_string()
                    },
                    info.title().to_string(),
                    place,
                ]
            })
            .collect()
    };
    let width = |col: usize| {
        rows.iter()
            .map(|r| display_width(&r[col]))
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let mut out = String::new();
    for row in &rows {
        for (col, w) in widths.iter().enumerate() {
            let pad = w - display_width(&row[col]);
            // Writing into a String cannot fail.
            let _ = write!(out, "{}{}  ", row[col], " ".repeat(pad));
        }
        out.push_str(&row[3]);
        out.push('\n');
    }
    out
}

/// The listing as JSON, a stable contract for other tools (README.md,
/// "Tools for rule authors"): every key always present, `url` `null` when
/// the rule has none. `severity` is the one `check` uses; a rule the
/// configuration disables is listed last with `"disabled": true` and the
/// severity its rule gives it. `pack` is the rule file's name without its
/// folder and `.rules` (`service-trade-pilot` for both
/// `rules/service-trade-pilot.rules` and `builtin:service-trade-pilot`).
pub fn json(rules: &RuleSet) -> String {
    let listed = rules
        .rules
        .iter()
        .map(|info| (info, false))
        .chain(rules.disabled.iter().map(|info| (info, true)));
    let entries: Vec<serde_json::Value> = listed
        .map(|(info, disabled)| {
            let source = rules.sources.get(info.file);
            let line = source.map(|s| LineIndex::new(&s.text).line(&s.text, info.rule.span.start));
            let file = source.map(|s| s.name.clone());
            serde_json::json!({
                "id": info.id(),
                "severity": info.meta.severity.to_string(),
                "title": info.title(),
                "tags": info.meta.tags,
                "url": info.meta.url,
                "file": file,
                "line": line,
                "pack": file.as_deref().map(pack),
                "reads_every_report": info.is_set(),
                "disabled": disabled,
            })
        })
        .collect();
    let doc = serde_json::json!({"version": 1, "rules": entries});
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// `rules/service-trade-pilot.rules` and `builtin:service-trade-pilot` ->
/// `service-trade-pilot`.
fn pack(file: &str) -> String {
    let name = file
        .strip_prefix(pilotlint::builtin::PREFIX)
        .unwrap_or(file);
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    name.strip_suffix(".rules").unwrap_or(name).to_string()
}

/// Terminal columns `text` takes: two for East Asian wide characters (the
/// CJK blocks, Hangul, full-width forms), one for the rest. An
/// approximation of Unicode's East Asian Width without a table; it covers
/// the scripts rule titles are written in.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let wide = matches!(c as u32,
                0x1100..=0x115F
                | 0x2E80..=0x303E
                | 0x3041..=0x33FF
                | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF
                | 0xA000..=0xA4CF
                | 0xAC00..=0xD7A3
                | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F
                | 0xFF00..=0xFF60
                | 0xFFE0..=0xFFE6
                | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_is_the_rule_file_name_without_folder_or_extension() {
        assert_eq!(
            pack("rules/service-trade-pilot.rules"),
            "service-trade-pilot"
        );
        assert_eq!(pack("builtin:national"), "national");
        assert_eq!(pack("extra.rules"), "extra");
        assert_eq!(pack("a\\b\\c.rules"), "c");
    }

    #[test]
    fn chinese_characters_take_two_columns() {
        assert_eq!(display_width("计划已批准"), 10);
        assert_eq!(display_width("plan 已批准"), 11);
        assert_eq!(display_width("ＡＢ"), 4);
        assert_eq!(display_width("90%"), 3);
    }
}
