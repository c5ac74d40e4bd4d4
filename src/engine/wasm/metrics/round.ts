// Every float in a result is rounded to 4 decimals, half away from zero, so that the native
// engine (Rust `f64::round`, which rounds half away from zero) prints the same JSON.
// JavaScript's Math.round rounds half toward +∞, so we round the magnitude and restore the sign.
// -0 becomes 0, and non-finite values (which the guards below should prevent) become 0.
export const DECIMALS = 4;
const SCALE = 10 ** DECIMALS;

export function round4(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * SCALE)) / SCALE;
  return r === 0 ? 0 : r;
}

/** ln(x) for x ≥ 1, and 0 below: a function with no tokens or lines costs nothing in MI. */
export function safeLn(x: number): number {
  return x > 1 ? Math.log(x) : 0;
}
