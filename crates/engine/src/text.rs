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

/// JavaScript's `a < b` on strings: UTF-16 code unit order. It differs from byte order only
/// between a character above U+FFFF and one in U+E000..U+FFFF, so only the first differing
/// characters are compared by their UTF-16 units.
pub fn js_cmp(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let Some(i) = x.iter().zip(y).position(|(p, q)| p != q) else {
        return x.len().cmp(&y.len());
    };
    if x[i] < 0x80 && y[i] < 0x80 {
        return x[i].cmp(&y[i]);
    }
    // Back to the start of the character both strings differ in.
    let mut start = i;
    while start > 0 && (x[start] & 0xC0) == 0x80 {
        start -= 1;
    }
    match (a[start..].chars().next(), b[start..].chars().next()) {
        (Some(c), Some(d)) => {
            let (mut u, mut v) = ([0u16; 2], [0u16; 2]);
            c.encode_utf16(&mut u).cmp(&d.encode_utf16(&mut v))
        }
        _ => x.cmp(y),
    }
}
