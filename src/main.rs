//! The `pilotlint` binary: the front end. Everything that touches the
//! process (arguments, configuration, files, threads, signals, the exit
//! status) is in [`cli`]; the checking itself is the `pilotlint` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
