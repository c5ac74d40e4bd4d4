//! String rules of JavaScript that results depend on: `String.prototype.trim` and `\s`
//! (whose set is not Rust's `char::is_whitespace`: U+FEFF is in it, U+0085 is not), UTF-16
//! lengths, and the code-unit order of `a < b`.

use std::cmp::Ordering;

/// ECMAScript WhiteSpace + LineTerminator: what `trim()` removes and `\s` matches.
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

pub fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_space)
}

/// `s.replace(/\s+/g, '')`.
pub fn strip_js_space(s: &str) -> String {
    s.chars().filter(|c| !is_js_space(*c)).collect()
}

pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `s.slice(0, n)` in UTF-16 code units. A surrogate pair cut in half is dropped whole
/// (Rust strings cannot hold half a pair; JavaScript would keep a lone surrogate).
pub fn utf16_prefix(s: &str, n: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > n {
            return &s[..i];
        }
    }
    s
}

/// JavaScript's `a < b` on strings: UTF-16 code unit order (differs from byte order above U+FFFF).
pub fn js_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}
