import type { Halstead } from '../../types.js';
import type { Tokens } from './record.js';
import { round4 } from './round.js';

/**
 * Halstead measures over the tokens [start, end) of the file (a function's own tokens,
 * including those of functions nested in it). Token classification is done by the walker:
 * operators = anonymous leaves (keywords, punctuation; closing brackets are not counted
 * apart from their opener) plus the language's namedOperators; operands = named leaves
 * (identifiers, numbers, `this`, `true`…) and atomic literals (a whole string = one operand).
 * Operators are told apart by node type, operands by text.
 *
 * Guards: vocabulary ≤ 1 gives volume 0 (log2(1) = 0, log2(0) undefined); n2 = 0 gives
 * difficulty 0 (no operands, nothing to be difficult about) instead of 0/0.
 */
export function halstead(tokens: Tokens, start: number, end: number): Halstead {
  const operators = new Set<string>();
  const operands = new Set<string>();
  let N1 = 0;
  let N2 = 0;
  for (let i = start; i < end; i++) {
    const key = tokens.key[i]!;
    if (tokens.isOperator[i]) {
      N1++;
      operators.add(key);
    } else {
      N2++;
      operands.add(key);
    }
  }
  const n1 = operators.size;
  const n2 = operands.size;
  const vocabulary = n1 + n2;
  const length = N1 + N2;
  const volume = vocabulary > 1 ? length * Math.log2(vocabulary) : 0;
  const difficulty = n2 > 0 ? (n1 / 2) * (N2 / n2) : 0;
  const effort = difficulty * volume;
  return {
    n1,
    n2,
    N1,
    N2,
    vocabulary,
    length,
    volume: round4(volume),
    difficulty: round4(difficulty),
    effort: round4(effort),
    bugs: round4(volume / 3000),
  };
}

/** Unrounded volume, for the maintainability index (MI is computed from exact inputs, then rounded). */
export function rawVolume(h: Halstead): number {
  return h.vocabulary > 1 ? h.length * Math.log2(h.vocabulary) : 0;
}
