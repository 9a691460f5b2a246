import { afterAll } from 'vitest';
import { disarmAll } from '../helpers/faults.js';

// Test files share worker processes (isolate: false in vitest.config.ts): nothing a file patched may
// outlive it, even when one of its tests failed half-way.
afterAll(() => disarmAll());
