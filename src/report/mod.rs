//! Reports: YAML documents loaded with a byte span on every value and key.
//!
//! `node.rs` is the tree the evaluator reads; `load.rs` turns bytes into
//! that tree with serde-saphyr (YAML 1.2 core schema, duplicate keys
//! rejected, the parser's resource budget kept), or into a [`LoadError`]
//! with the position the parser gives.

mod load;
mod node;

pub use load::{LoadError, budget, load, load_bytes};
pub use node::{Entry, Node, NodeKind};
