//! Any bytes as a report: loading gives documents or one error with a span
//! inside the text, and every span of the loaded tree and every comment's
//! span lies inside the text, comments in order, each starting with `#`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pilotlint::report::{Node, NodeKind};

fn spans_inside(node: &Node, len: usize) {
    assert!(node.span.start <= node.span.end && node.span.end <= len);
    match &node.kind {
        NodeKind::Seq(items) => items.iter().for_each(|n| spans_inside(n, len)),
        NodeKind::Map(entries) => entries.iter().for_each(|e| {
            spans_inside(&e.key, len);
            spans_inside(&e.value, len);
        }),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    match pilotlint::report::load_bytes(data) {
        Ok(loaded) => {
            for doc in &loaded.documents {
                spans_inside(doc, data.len());
                let _ = doc.path_to(doc.span);
            }
            let mut last = 0;
            for c in &loaded.comments {
                assert!(last <= c.start && c.start < c.end && c.end <= data.len());
                assert_eq!(data[c.start], b'#');
                last = c.end;
            }
        }
        Err(e) => {
            if let Some(s) = e.span {
                assert!(s.start <= s.end && s.end <= data.len(), "{e:?}");
            }
        }
    }
});
