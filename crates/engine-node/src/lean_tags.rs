//! The tags an analysis hands over (`AnalyzeRequest.tags`), as they cross to JS: per file
//! `[path, language, strings, definitions, references, imports]` where `strings` holds each
//! distinct string of the file once and each list is `[columns, data]`: `columns` the fields
//! its items have, as `[name, type]` (`s` string, `n` number, `b` boolean, `z` null), and
//! `data` per item a bit mask of the columns it has, then their values, strings as indexes in
//! `strings`, booleans as 0/1. The lists are read back from their serde JSON, so every field
//! of `FileTags`'s items is carried, whatever it is named; a file that does not fit (a nested
//! value, more than 31 fields, a number that is not an integer) goes as its plain JSON object. About a fifth of the bytes of the same tags as JSON objects, a string per distinct
//! name instead of one per use, and JSON.parse reads integer arrays fastest.
//! src/engine/native/lean-tags.ts turns them back into `FileTags`.

use std::collections::HashMap;

use mca_engine::tags::FileTags;

/// The distinct strings of one file, in the order they were first met.
#[derive(Default)]
struct Strings {
    index: HashMap<String, u32>,
    list: Vec<String>,
}

impl Strings {
    fn of(&mut self, s: &str) -> u32 {
        if let Some(i) = self.index.get(s) {
            return *i;
        }
        let i = self.list.len() as u32;
        self.index.insert(s.to_string(), i);
        self.list.push(s.to_string());
        i
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Str,
    Num,
    Bool,
    Null,
}

impl Type {
    fn code(self) -> &'static str {
        match self {
            Type::Str => "s",
            Type::Num => "n",
            Type::Bool => "b",
            Type::Null => "z",
        }
    }
}

/// Appends the decimal digits of `v` (no allocation, unlike `to_string`).
fn push_int(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    let mut n = v.unsigned_abs();
    let mut buf = [0u8; 20];
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[k..] {
        out.push(b as char);
    }
}

/// Columns and data of one list, read from its JSON (serde's compact output: an array of flat
/// objects). None when it is not such an array (a nested value, more than 31 fields, a number
/// that is not an integer, an escape serde does not write).
fn list_of(json: &[u8], strings: &mut Strings) -> Option<(Vec<(String, Type)>, String)> {
    let mut columns: Vec<(String, Type)> = Vec::new();
    let mut data = String::new();
    // The current item's values by column (written in the columns' order, not the item's).
    let mut item: Vec<(usize, i64)> = Vec::new();
    let mut text = String::new();
    let mut key = String::new();
    let mut i = 0;
    let at = |i: usize| json.get(i).copied();
    if at(i)? != b'[' {
        return None;
    }
    i += 1;
    if at(i)? == b']' {
        return (i + 1 == json.len()).then_some((columns, data));
    }
    loop {
        if at(i)? != b'{' {
            return None;
        }
        i += 1;
        item.clear();
        let mut mask = 0u32;
        if at(i)? == b'}' {
            i += 1;
        } else {
            loop {
                let (next, k) = string(json, i, &mut key)?;
                let k = k.map_or(key.as_str(), |(a, b)| {
                    std::str::from_utf8(&json[a..b]).unwrap_or("")
                });
                i = next;
                if at(i)? != b':' {
                    return None;
                }
                i += 1;
                let (ty, value, next) = match at(i)? {
                    b'"' => {
                        let (next, v) = string(json, i, &mut text)?;
                        let v = match v {
                            Some((a, b)) => std::str::from_utf8(&json[a..b]).ok()?,
                            None => text.as_str(),
                        };
                        (Type::Str, strings.of(v) as i64, next)
                    }
                    b't' if json.get(i..i + 4) == Some(b"true") => (Type::Bool, 1, i + 4),
                    b'f' if json.get(i..i + 5) == Some(b"false") => (Type::Bool, 0, i + 5),
                    b'n' if json.get(i..i + 4) == Some(b"null") => (Type::Null, 0, i + 4),
                    b'-' | b'0'..=b'9' => {
                        let mut j = i + 1;
                        while json.get(j).is_some_and(|b| b.is_ascii_digit()) {
                            j += 1;
                        }
                        let v: i64 = std::str::from_utf8(&json[i..j]).ok()?.parse().ok()?;
                        (Type::Num, v, j)
                    }
                    _ => return None,
                };
                i = next;
                let column = match columns.iter().position(|(c, _)| c == k) {
                    Some(c) => c,
                    None => {
                        columns.push((k.to_string(), ty));
                        columns.len() - 1
                    }
                };
                if columns[column].1 != ty || column >= 31 {
                    return None;
                }
                mask |= 1 << column;
                if ty != Type::Null {
                    item.push((column, value));
                }
                match at(i)? {
                    b',' => i += 1,
                    b'}' => {
                        i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        if !data.is_empty() {
            data.push(',');
        }
        push_int(&mut data, mask as i64);
        item.sort_unstable_by_key(|(c, _)| *c);
        for &(_, value) in &item {
            data.push(',');
            push_int(&mut data, value);
        }
        match at(i)? {
            b',' => i += 1,
            b']' => return (i + 1 == json.len()).then_some((columns, data)),
            _ => return None,
        }
    }
}

/// The JSON string starting at `json[i]` (a quote): the index after it, and its bytes' range
/// in `json` when it has no escape, else None and its text in `out`.
#[allow(clippy::type_complexity)]
fn string(json: &[u8], mut i: usize, out: &mut String) -> Option<(usize, Option<(usize, usize)>)> {
    if json.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    let first = i;
    let mut start = i;
    let mut escaped = false;
    loop {
        match json.get(i)? {
            b'"' => {
                if !escaped {
                    return Some((i + 1, Some((first, i))));
                }
                out.push_str(std::str::from_utf8(&json[start..i]).ok()?);
                return Some((i + 1, None));
            }
            b'\\' => {
                if !escaped {
                    escaped = true;
                    out.clear();
                }
                out.push_str(std::str::from_utf8(&json[start..i]).ok()?);
                let (c, len) = match json.get(i + 1)? {
                    b'"' => ('"', 2),
                    b'\\' => ('\\', 2),
                    b'/' => ('/', 2),
                    b'b' => ('\u{8}', 2),
                    b'f' => ('\u{c}', 2),
                    b'n' => ('\n', 2),
                    b'r' => ('\r', 2),
                    b't' => ('\t', 2),
                    // serde writes \u only for the ASCII controls.
                    b'u' => {
                        let hex = std::str::from_utf8(json.get(i + 2..i + 6)?).ok()?;
                        let code = u32::from_str_radix(hex, 16).ok()?;
                        (char::from_u32(code).filter(|c| c.is_ascii_control())?, 6)
                    }
                    _ => return None,
                };
                out.push(c);
                i += len;
                start = i;
            }
            _ => i += 1,
        }
    }
}

/// One list as `[columns, data]`, appended to `out`; false if it did not fit.
fn write_list(out: &mut String, strings: &mut Strings, json: &[u8]) -> bool {
    let Some((columns, data)) = list_of(json, strings) else {
        return false;
    };
    out.push_str("[[");
    for (k, (name, ty)) in columns.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push('[');
        out.push_str(&serde_json::to_string(name).unwrap_or_default());
        out.push_str(",\"");
        out.push_str(ty.code());
        out.push_str("\"]");
    }
    out.push_str("],[");
    out.push_str(&data);
    out.push_str("]]");
    true
}

/// One file's tags as described above, appended to `out`.
pub fn write_file(out: &mut String, tags: &FileTags) {
    // Every field of a file by name: a new one is a compile error here, not a field lost.
    let FileTags {
        path,
        language,
        definitions,
        references,
        imports,
    } = tags;
    let mut strings = Strings::default();
    let mut lists = String::new();
    let json = |items: Result<Vec<u8>, _>| items.unwrap_or_default();
    let fits = write_list(
        &mut lists,
        &mut strings,
        &json(serde_json::to_vec(definitions)),
    ) && {
        lists.push(',');
        write_list(
            &mut lists,
            &mut strings,
            &json(serde_json::to_vec(references)),
        )
    } && {
        lists.push(',');
        write_list(&mut lists, &mut strings, &json(serde_json::to_vec(imports)))
    };
    if !fits {
        out.push_str(&serde_json::to_string(tags).unwrap_or_else(|_| "null".into()));
        return;
    }
    out.push('[');
    out.push_str(&serde_json::to_string(path).unwrap_or_default());
    out.push(',');
    out.push_str(&serde_json::to_string(language).unwrap_or_default());
    out.push_str(",[");
    for (k, s) in strings.list.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
    out.push_str("],");
    out.push_str(&lists);
    out.push(']');
}

/// Every file's tags, as a JSON array.
pub fn write_all(out: &mut String, files: &[FileTags]) {
    out.push('[');
    for (k, f) in files.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        write_file(out, f);
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_flat_objects_is_columns_and_data() {
        let mut strings = Strings::default();
        let json = br#"[{"a":"x\"y\n\u0001","b":1,"c":true},{"b":-2,"d":null},{"c":false,"a":"x\"y\n\u0001"},{}]"#;
        let (columns, data) = list_of(json, &mut strings).expect("fits");
        let names: Vec<_> = columns.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        assert_eq!(
            names,
            [
                ("a", Type::Str),
                ("b", Type::Num),
                ("c", Type::Bool),
                ("d", Type::Null)
            ]
        );
        // Values in the columns' order, whatever the item's.
        assert_eq!(data, "7,0,1,1,10,-2,5,0,0,0");
        assert_eq!(strings.list, ["x\"y\n\u{1}"]);
        assert_eq!(
            list_of(b"[]", &mut strings),
            Some((Vec::new(), String::new()))
        );
    }

    #[test]
    fn what_is_not_a_list_of_flat_objects_does_not_fit() {
        let mut strings = Strings::default();
        for json in [
            &br#"[{"a":[1]}]"#[..],
            br#"[{"a":{"b":1}}]"#,
            br#"[{"a":1.5}]"#,
            br#"[{"a":1},{"a":"x"}]"#,
            br#"{"a":1}"#,
            br#"[{"a":1}"#,
            br#"[{"a":1}] "#,
        ] {
            assert_eq!(
                list_of(json, &mut strings),
                None,
                "{}",
                String::from_utf8_lossy(json)
            );
        }
    }
}
