import { describe, expect, it } from 'vitest';
import { decimal, figureValue, intervalText, percent } from './format.js';

describe('figure formatting', () => {
  it('writes Vietnamese percentages with a decimal comma and a space before the sign', () => {
    expect(percent(0.789)).toBe('78,9 %');
    expect(percent(1)).toBe('100,0 %');
    expect(percent(0.95, 0)).toBe('95 %');
    expect(percent(null)).toBe('—');
  });

  it('writes English percentages the English way', () => {
    expect(percent(0.789, 1, 'en')).toBe('78.9%');
    expect(decimal(3.456, 2, 'en')).toBe('3.46');
  });

  it('groups thousands with a dot in Vietnamese', () => {
    expect(decimal(4.125)).toBe('4,13');
    expect(decimal(1234.5, 1)).toBe('1.234,5');
  });

  it('shows a share as a percentage and a mean as a number, with its interval', () => {
    const share = { value: 0.8, n: 20, interval: { low: 0.584, high: 0.919 }, scale: { min: 0, max: 1 } };
    const mean = { value: 4.2, n: 20, interval: { low: 3.9, high: 4.5 }, scale: { min: 1, max: 5 } };
    expect(figureValue(share)).toBe('80,0 %');
    expect(intervalText(share)).toBe('58,4 % – 91,9 %');
    expect(figureValue(mean)).toBe('4,20');
    expect(intervalText(mean)).toBe('3,90 – 4,50');
    expect(intervalText({ ...share, n: 0 })).toBe('—');
  });
});
