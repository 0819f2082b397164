//! `data NAME "PATH"` declarations: each names a YAML file of reference
//! data (a registry of pilot areas), which the front end reads through the
//! resolver seam and which is loaded here, once, as trusted as the rule
//! file, with a span on every value. A missing file, one that is not valid
//! YAML, or one that is not exactly one document is a rule error at the
//! declaration. Its spans sit in a range of their own (see
//! [`crate::source`]), so a finding can point into it.

use std::sync::Arc;

use super::{CheckError, Related};
use crate::resolve::{Resolver, Wanted};
use crate::rules::{DataFile, RuleSource};
use crate::source::{self, DATA_BASE, DATA_STRIDE, SourceText};
use crate::syntax::ast::{self, Item};

/// Loads the data files `parsed` (rule file `file`, from `source`)
/// declares, appending them to `out`; every problem goes to `errors`.
pub(super) fn load_file(
    file: usize,
    source: &RuleSource,
    parsed: &ast::RuleFile,
    resolve: &mut Resolver<'_>,
    out: &mut Vec<DataFile>,
    errors: &mut Vec<CheckError>,
) {
    let mut seen: Vec<&ast::Ident> = Vec::new();
    let lets: Vec<&ast::Ident> = parsed
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Let(l) => Some(&l.name),
            _ => None,
        })
        .collect();
    for item in &parsed.items {
        let Item::Data(decl) = item else { continue };
        let clash = seen
            .iter()
            .chain(lets.iter())
            .find(|n| n.node == decl.name.node);
        if let Some(first) = clash {
            errors.push(CheckError {
                file,
                span: decl.name.span,
                message: format!("`{}` is already bound in this file", decl.name.node),
                label: "bound again here".to_string(),
                help: Some("a data file needs a name of its own; rename one of the two".into()),
                related: vec![Related {
                    file,
                    span: first.span,
                    label: "first bound here".to_string(),
                }],
            });
            continue;
        }
        seen.push(&decl.name);
        let at_decl = |message: String, help: Option<String>| CheckError {
            file,
            span: decl.path.span,
            message,
            label: "declared here".to_string(),
            help,
            related: Vec::new(),
        };
        let path = decl.path.node.as_str();
        let resolved = match resolve(source, Wanted::Data(&decl.name.node), path) {
            Ok(r) => r,
            Err(e) => {
                errors.push(at_decl(e.message, e.help));
                continue;
            }
        };
        let loaded = match crate::report::load(&resolved.text) {
            Ok(loaded) => loaded,
            Err(e) => {
                let at = e.span.map(|s| {
                    let p = crate::span::LineIndex::new(&resolved.text)
                        .line_col(&resolved.text, s.start);
                    format!(" (line {}, column {})", p.line, p.column)
                });
                errors.push(at_decl(
                    format!(
                        "data file `{path}` is not valid YAML: {}{}",
                        e.message,
                        at.unwrap_or_default()
                    ),
                    e.help,
                ));
                continue;
            }
        };
        let mut documents = loaded.documents;
        if documents.len() != 1 {
            errors.push(at_decl(
                format!(
                    "data file `{path}` holds {} documents, not one",
                    documents.len()
                ),
                Some("a data file is one YAML document, such as a list of areas".into()),
            ));
            continue;
        }
        let base = DATA_BASE + out.len() * DATA_STRIDE;
        let mut root = documents.remove(0);
        source::shift(&mut root, base);
        out.push(DataFile {
            file,
            name: decl.name.node.clone(),
            source: Arc::new(SourceText::new(resolved.name, resolved.text)),
            root,
            base,
        });
    }
}
