//! The `pilotlint` binary; everything it does is in `pilotlint::cli`.

fn main() -> std::process::ExitCode {
    pilotlint::cli::main()
}
