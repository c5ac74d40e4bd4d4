import { afterAll } from 'vitest';
import { runDepsGoldenSuite } from './run-deps-golden.js';
import { requireNativeEngine } from '../differential/native.js';

const engine = requireNativeEngine();
afterAll(() => engine.close());

runDepsGoldenSuite('native', engine);
