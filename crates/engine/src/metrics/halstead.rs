//! Halstead measures over a token range (src/engine/wasm/metrics/halstead.ts).

use rustc_hash::FxHashSet;

use super::round::round4;
use crate::types::Halstead;

/// Guards as in the TS: vocabulary ≤ 1 gives volume 0; n2 = 0 gives difficulty 0.
pub fn halstead(tokens: &[(bool, &str)]) -> Halstead {
    let mut operators: FxHashSet<&str> = FxHashSet::default();
    let mut operands: FxHashSet<&str> = FxHashSet::default();
    let (mut big_n1, mut big_n2) = (0u64, 0u64);
    for &(is_op, key) in tokens {
        if is_op {
            big_n1 += 1;
            operators.insert(key);
        } else {
            big_n2 += 1;
            operands.insert(key);
        }
    }
    let n1 = operators.len() as u64;
    let n2 = operands.len() as u64;
    let vocabulary = n1 + n2;
    let length = big_n1 + big_n2;
    let volume = raw_volume(vocabulary, length);
    let difficulty = if n2 > 0 {
        (n1 as f64 / 2.0) * (big_n2 as f64 / n2 as f64)
    } else {
        0.0
    };
    let effort = difficulty * volume;
    Halstead {
        n1,
        n2,
        N1: big_n1,
        N2: big_n2,
        vocabulary,
        length,
        volume: round4(volume),
        difficulty: round4(difficulty),
        effort: round4(effort),
        bugs: round4(volume / 3000.0),
    }
}

/// Unrounded volume, for the maintainability index.
pub fn raw_volume(vocabulary: u64, length: u64) -> f64 {
    if vocabulary > 1 {
        length as f64 * (vocabulary as f64).log2()
    } else {
        0.0
    }
}
