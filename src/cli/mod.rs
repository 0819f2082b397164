//! The front end: everything that touches the process. The command line's
//! flags (their docs are the `--help`), one module per command (`check`,
//! `rules`, `explain`, `test`, `fmt`, `completions`, `server`), finding and reading inputs
//! (`inputs`, `resolve`, `config`), the run loop and the streaming writer
//! (`run`, `atomic`), the stderr sink (`sink`) and the exit statuses
//! (`exit`). The library it drives reads no files, starts no threads and
//! never exits; all of that happens here.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// First: its macro is used by the modules below.
#[macro_use]
mod exit;

mod args;
mod atomic;
mod check;
mod completions;
mod config;
mod explain;
mod fmt;
mod inputs;
mod resolve;
mod rules;
mod run;
mod server;
mod sink;
mod sources;
mod test;
mod tree;

/// Checks pilot-program progress reports (YAML) against compliance rules.
///
/// Rules are written in pilotlint's rule language (`*.rules` files). Every
/// finding points at the exact value in the report and at the rule clause
/// that produced it.
#[derive(Debug, Parser)]
#[command(
    name = "pilotlint",
    version,
    after_long_help = concat!(
        "Examples:\n",
        "  pilotlint check reports/ --rules rules/\n",
        "  pilotlint check --help    (every option, more examples)\n\n",
        exit_status_help!()
    ),
    verbatim_doc_comment
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check reports against rules
    ///
    /// Every YAML document in every report is checked against every rule.
    /// Findings are printed ordered by file, line, column and rule (each
    /// file's as soon as it is checked), followed by a summary line.
    #[command(after_long_help = check::CHECK_HELP, verbatim_doc_comment)]
    // Boxed: its flags are most of the size of the command line.
    Check(Box<check::CheckArgs>),
    /// List the loaded rules: id, severity, title and where each is written
    Rules(rules::RulesArgs),
    /// Show one rule: its title, severity, help, url, tags and source text
    Explain(explain::ExplainArgs),
    /// Run rule tests (`*.tests.yaml`) against the rules beside them
    #[command(after_long_help = test::TEST_HELP, verbatim_doc_comment)]
    Test(test::TestArgs),
    /// Format rule files in the canonical layout, or check that they are
    #[command(after_long_help = fmt::FMT_HELP, verbatim_doc_comment)]
    Fmt(fmt::FmtArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell)
    #[command(after_long_help = completions::COMPLETIONS_HELP, verbatim_doc_comment)]
    Completions(completions::CompletionsArgs),
    /// Run the language server editors start, for findings as you type
    ///
    /// It speaks the Language Server Protocol over standard input and
    /// output.
    #[command(after_long_help = server::SERVER_HELP, verbatim_doc_comment)]
    Server(server::ServerArgs),
}

/// Parses the command line (clap exits with 2 on bad arguments) and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Server(args) => server::run(&args),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
