//! `pilotlint fmt`: rewrites rule files in the canonical layout
//! ([`pilotlint::syntax::print`]), or with `--check` changes nothing and shows a
//! unified diff of every file that is not formatted, for CI.
//!
//! A file with syntax errors is never rewritten: its errors are shown as
//! `check` shows them and the exit status is 2; the other files are still
//! formatted. Files are replaced atomically (`output::file`), so an
//! interrupted run leaves each file either as it was or formatted.

use std::collections::HashSet;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::args::ColorArg;
use super::exit::Exit;
use super::sink::Errors;
use super::sink::write_stdout;
use super::sources::rule_files;
use super::sources::{read_text, utf8};
use pilotlint::diagnostic::{self, Diag};
use pilotlint::rules::RuleSource;
use pilotlint::syntax::print;

pub const FMT_HELP: &str = "\
The layout is the one grammar.md describes under \"Canonical layout\":
4-space indentation, one clause a line, lines of at most 100 characters,
every comment kept. Formatting never changes what a rule means.

Examples:
  Format every rule file under rules/ in place:
    pilotlint fmt

  Fail (exit 1) and show a diff when a shipped rule file is not formatted:
    pilotlint fmt --check rules/

  Format an editor buffer (standard input to standard output):
    pilotlint fmt - < rules/stp.rules

Exit status:
  0  every file is formatted (or, without --check, was formatted)
  1  --check: a file is not formatted (its diff is shown)
  2  a file has syntax errors (it is left as it is), or a path cannot be read";

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Rule files or directories (walked for `*.rules` files); `-` reads
    /// standard input and writes the formatted text to standard output
    /// [default: rules]
    #[arg(value_name = "PATHS", verbatim_doc_comment)]
    pub paths: Vec<PathBuf>,

    /// Change nothing; show a diff of every file that is not formatted
    ///
    /// The exit status is 1 when a file is not formatted, so a CI step can
    /// require formatted rules.
    #[arg(long, verbatim_doc_comment)]
    pub check: bool,

    #[command(flatten)]
    pub color: ColorArg,
}

/// What was done to the files, for the summary line.
#[derive(Default)]
struct Tally {
    files: usize,
    changed: usize,
}

pub(crate) fn run(args: &FmtArgs) -> Exit {
    let mut errors = Errors::new(args.color.choice);
    let diff_color = args.color.enabled(io::stdout().is_terminal());
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from("rules")]
    } else {
        args.paths.clone()
    };
    let mut tally = Tally::default();
    let mut seen = HashSet::new();
    for root in &roots {
        if root.as_os_str() == "-" {
            if seen.insert(PathBuf::from("-")) {
                stdin(args, diff_color, &mut tally, &mut errors);
            }
            continue;
        }
        let files = rule_files(
            root,
            "name rule files or directories that hold them",
            &mut errors,
        );
        for path in files {
            if seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
                file(&path, args, diff_color, &mut tally, &mut errors);
            }
        }
    }
    // An editor piping a buffer through wants the text, not a count.
    if args.paths.iter().any(|p| p.as_os_str() != "-") || args.paths.is_empty() {
        summary(args, &tally);
    }
    if errors.failed {
        Exit::Failed
    } else if args.check && tally.changed > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

/// Formats one rule file: rewrites it, or with `--check` shows its diff.
fn file(path: &Path, args: &FmtArgs, color: bool, tally: &mut Tally, errors: &mut Errors) {
    let name = path.display().to_string();
    let Some(text) = read_text(path, "rule file", errors) else {
        return;
    };
    let Some(formatted) = format(&name, &text, errors) else {
        return;
    };
    tally.files += 1;
    if formatted == text {
        return;
    }
    tally.changed += 1;
    if args.check {
        write_stdout(&diff(&name, &text, &formatted, color), errors);
        return;
    }
    // A link is followed, so the file it names is formatted and the link
    // stays a link; the file keeps its permissions.
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let permissions = std::fs::metadata(&target).map(|m| m.permissions());
    let written = super::atomic::write_atomically(&target, |w| w.write_all(formatted.as_bytes()))
        .and_then(|()| match permissions {
            Ok(p) => std::fs::set_permissions(&target, p),
            Err(_) => Ok(()),
        });
    if let Err(e) = written {
        errors.report(&Diag::error(format!(
            "cannot write `{name}`: {}",
            super::sink::describe_io(&e)
        )));
    }
}

/// `-`: standard input to standard output, or its diff with `--check`.
fn stdin(args: &FmtArgs, color: bool, tally: &mut Tally, errors: &mut Errors) {
    const NAME: &str = "<stdin>";
    let mut bytes = Vec::new();
    if let Err(e) = io::stdin().lock().read_to_end(&mut bytes) {
        errors.report(&super::sink::io_error("rule file", NAME, &e));
        return;
    }
    let Some(text) = utf8(bytes, "rule file", NAME, errors) else {
        return;
    };
    let Some(formatted) = format(NAME, &text, errors) else {
        return;
    };
    tally.files += 1;
    if formatted != text {
        tally.changed += 1;
    }
    if !args.check {
        write_stdout(&formatted, errors);
    } else if formatted != text {
        write_stdout(&diff(NAME, &text, &formatted, color), errors);
    }
}

/// The formatted text, or `None` after reporting the file's syntax errors.
fn format(name: &str, text: &str, errors: &mut Errors) -> Option<String> {
    match print::format(text) {
        Ok(formatted) => Some(formatted),
        Err(syntax) => {
            let source = RuleSource {
                name: name.to_string(),
                text: text.to_string(),
            };
            for e in &syntax {
                errors.report(&diagnostic::syntax_error(&source, e));
            }
            let _ = writeln!(
                io::stderr(),
                "`{name}` has syntax errors, it was not formatted\n"
            );
            None
        }
    }
}

/// A unified diff from `old` to `new`, both named `name`, with three lines
/// of context.
fn diff(name: &str, old: &str, new: &str, color: bool) -> String {
    let text = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .missing_newline_hint(true)
        .to_string();
    if !color {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let code = match line.as_bytes().first() {
            _ if line.starts_with("---") || line.starts_with("+++") => "1",
            Some(b'@') => "36",
            Some(b'-') => "31",
            Some(b'+') => "32",
            _ => "",
        };
        if code.is_empty() {
            out.push_str(line);
        } else {
            let body = line.strip_suffix('\n').unwrap_or(line);
            out.push_str(&format!("\x1b[{code}m{body}\x1b[0m"));
            if line.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out
}

/// The command that formats what `fmt --check PATHS` found unformatted:
/// the same paths, so `fmt --check myrules` does not send the user to
/// `pilotlint fmt`, which would look for `rules`. Standard input is left
/// out (formatting it writes standard output, not a file); a path that a
/// shell would split or expand is quoted.
fn fix_command(paths: &[PathBuf]) -> String {
    let mut command = "pilotlint fmt".to_string();
    for path in paths.iter().filter(|p| p.as_os_str() != "-") {
        let text = path.to_string_lossy();
        let plain = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_alphanumeric() || "_-./:@%+,=".contains(c));
        command.push(' ');
        if plain {
            command.push_str(&text);
        } else {
            command.push('\'');
            command.push_str(&text.replace('\'', "'\\''"));
            command.push('\'');
        }
    }
    command
}

/// One line on stderr saying what was done.
fn summary(args: &FmtArgs, tally: &Tally) {
    if tally.files == 0 {
        return;
    }
    let files = |n: usize| if n == 1 { "file" } else { "files" };
    let unchanged = tally.files - tally.changed;
    let line = match (args.check, tally.changed) {
        (true, 0) => format!(
            "{} rule {} already formatted",
            tally.files,
            files(tally.files)
        ),
        (true, n) => format!(
            "{n} rule {} not formatted, {unchanged} already formatted; run `{}` to format {}",
            files(n),
            fix_command(&args.paths),
            if n == 1 { "it" } else { "them" }
        ),
        (false, n) => format!(
            "{n} rule {} formatted, {unchanged} already formatted",
            files(n)
        ),
    };
    let _ = writeln!(io::stderr(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fix_names_the_paths_checked_quoted_for_a_shell() {
        let paths = |ps: &[&str]| ps.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(fix_command(&[]), "pilotlint fmt");
        assert_eq!(
            fix_command(&paths(&["myrules", "extra/a.rules"])),
            "pilotlint fmt myrules extra/a.rules"
        );
        assert_eq!(fix_command(&paths(&["-", "r"])), "pilotlint fmt r");
        assert_eq!(
            fix_command(&paths(&["my rules", "it's"])),
            r#"pilotlint fmt 'my rules' 'it'\''s'"#
        );
    }
}
