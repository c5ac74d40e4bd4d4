import { afterAll } from 'vitest';
import { WasmEngine } from '../../src/engine/wasm/engine.js';
import { runDepsGoldenSuite } from '../golden/run-deps-golden.js';

const engine = new WasmEngine({ threads: 0 });
afterAll(() => engine.close());

runDepsGoldenSuite('wasm', engine);
