//! Rounding shared with src/engine/wasm/metrics/round.ts: 4 decimals, half away from zero.

const SCALE: f64 = 10_000.0;

pub fn round4(x: f64) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    let r = x.signum() * (x.abs() * SCALE).round() / SCALE;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// ln(x) for x > 1, else 0: a function with no tokens or lines costs nothing in MI.
pub fn safe_ln(x: f64) -> f64 {
    if x > 1.0 {
        x.ln()
    } else {
        0.0
    }
}
