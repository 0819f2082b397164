//! Escaping for the HTML page: every value that comes from a report, a
//! rule file or a file name goes through [`text`] (element content) or
//! [`attr`] (a double-quoted attribute value), so a report whose area is
//! `<script>alert(1)</script>` shows those characters and runs nothing.
//!
//! HTML cannot carry most control characters (they are parse errors, and
//! NUL is dropped), so each is shown as its Unicode control picture
//! (U+2400 + code, `␀`, `␛`, DEL as `␡`): a reviewer sees that the report
//! holds one, where it is. Text in other scripts and right-to-left text is
//! written as it is; the page wraps report values in `<bdi>` so a
//! right-to-left name does not reorder the text around it.

/// Appends `s` to `out`, escaped for element content.
pub(crate) fn push_text(out: &mut String, s: &str) {
    push(out, s, false);
}

/// `s` escaped for element content.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push(&mut out, s, false);
    out
}

/// `s` escaped for a double-quoted attribute value.
pub(crate) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push(&mut out, s, true);
    out
}

fn push(out: &mut String, s: &str, in_attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&#39;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' => {
                let picture = char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}');
                out.push(picture);
            }
            '\u{7f}' => out.push('\u{2421}'),
            // C1 controls and non-characters are parse errors too.
            '\u{80}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}' | '\u{fffe}' | '\u{ffff}' => {
                out.push('\u{fffd}');
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_text_and_controls_are_pictures() {
        assert_eq!(
            text("<script>alert(1)</script> & \u{0}\u{1b}\u{7f}"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \u{2400}\u{241b}\u{2421}"
        );
        assert_eq!(attr("a\"b' <c>\nd"), "a&quot;b&#39; &lt;c&gt;&#10;d");
        // Other scripts pass as they are.
        assert_eq!(text("武汉 مرحبا"), "武汉 مرحبا");
        assert_eq!(text("\u{85}"), "\u{fffd}");
    }
}
