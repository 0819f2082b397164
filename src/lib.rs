pub mod builtin;
pub mod date;
pub mod finding;
pub mod report;
pub mod rules;
pub mod span;
pub mod suggest;
pub mod syntax {
    pub mod ast;
}
