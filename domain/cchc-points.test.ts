import { describe, it, expect } from 'vitest';
import { cchcPoints, ZCchcScale } from './cchc.js';

describe('cchcPoints', () => {
  it('proportional: full points at or above target, rate/target × max below', () => {
    const scale = { kind: 'proportional' } as const;
    expect(cchcPoints(0.97, 0.95, 2, scale)).toEqual({ points: 2, noData: false });
    expect(cchcPoints(0.95, 0.95, 2, scale)).toEqual({ points: 2, noData: false });
    expect(cchcPoints(0.76, 0.95, 2, scale).points).toBeCloseTo(1.6, 10);
    expect(cchcPoints(0, 0.9, 3, scale).points).toBe(0);
  });

  it('steps: the highest step reached, in any listed order', () => {
    const scale = ZCchcScale.parse({
      kind: 'steps',
      steps: [
        { minRate: 0.8, points: 1 },
        { minRate: 0.95, points: 2 },
        { minRate: 0.9, points: 1.5 },
      ],
    });
    expect(cchcPoints(0.96, 0.95, 2, scale).points).toBe(2);
    expect(cchcPoints(0.95, 0.95, 2, scale).points).toBe(2);
    expect(cchcPoints(0.9499, 0.95, 2, scale).points).toBe(1.5);
    expect(cchcPoints(0.85, 0.95, 2, scale).points).toBe(1);
    expect(cchcPoints(0.79, 0.95, 2, scale)).toEqual({ points: 0, noData: false });
  });

  it('null rate → 0 points and the noData flag', () => {
    expect(cchcPoints(null, 0.95, 2, { kind: 'proportional' })).toEqual({ points: 0, noData: true });
    expect(cchcPoints(null, 0.95, 2, { kind: 'steps', steps: [{ minRate: 0, points: 1 }] })).toEqual({
      points: 0,
      noData: true,
    });
  });

  it('rejects bad configuration', () => {
    expect(() => cchcPoints(0.9, 0.95, 2, { kind: 'steps', steps: [{ minRate: 0.9, points: 3 }] })).toThrow(RangeError);
    expect(() => cchcPoints(1.2, 0.95, 2, { kind: 'proportional' })).toThrow(RangeError);
    expect(ZCchcScale.safeParse({ kind: 'steps', steps: [] }).success).toBe(false);
    expect(ZCchcScale.safeParse({ kind: 'linear' }).success).toBe(false);
  });
});
