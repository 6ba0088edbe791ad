import { describe, expect, it } from '@jest/globals';
import { sparkline } from '../../src/analysis/sparkline.js';

describe('sparkline', () => {
  it('draws a series from its minimum (▁) to its maximum (█)', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, 0, 10])).toBe('█▁█');
  });
  it('a gap (no value) is a space; a flat or empty series stays at the bottom', () => {
    expect(sparkline([1, null, 3, undefined, NaN])).toBe('▁ █  ');
    expect(sparkline([5, 5, 5])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
    expect(sparkline([null, null])).toBe('  ');
  });
  it('a fixed scale clamps values', () => {
    expect(sparkline([0, 50, 200], { min: 0, max: 100 })).toBe('▁▅█');
  });
  it('a long series is reduced to the width by bucket maximum, so a spike stays visible', () => {
    const series = Array.from({ length: 100 }, (_, i) => (i === 57 ? 9 : 1));
    const line = sparkline(series, { width: 10 });
    expect([...line]).toHaveLength(10);
    expect(line).toBe('▁▁▁▁▁█▁▁▁▁');
  });
});
