import { describe, expect, it } from 'vitest';
import { addDays, bucketOfDay, bucketsIn, dayKey, dayStart, splitRange } from '../../electron/analytics/days';

const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('local days', () => {
  it('keys, starts, arithmetic across month ends', () => {
    expect(dayKey(at(2025, 1, 31, 23, 59))).toBe('2025-01-31');
    expect(dayStart('2025-02-01')).toBe(at(2025, 2, 1));
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('splits a range into whole days and raw edges', () => {
    expect(splitRange(at(2025, 3, 1), at(2025, 3, 4))).toEqual({ days: { fromDay: '2025-03-01', toDay: '2025-03-04' }, raw: [] });
    expect(splitRange(at(2025, 3, 1, 12), at(2025, 3, 4, 6))).toEqual({
      days: { fromDay: '2025-03-02', toDay: '2025-03-04' },
      raw: [
        [at(2025, 3, 1, 12), at(2025, 3, 2)],
        [at(2025, 3, 4), at(2025, 3, 4, 6)],
      ],
    });
    expect(splitRange(at(2025, 3, 1, 1), at(2025, 3, 1, 5))).toEqual({ days: null, raw: [[at(2025, 3, 1, 1), at(2025, 3, 1, 5)]] });
    expect(splitRange(5, 5)).toEqual({ days: null, raw: [] });
  });

  it('buckets: Monday weeks, months, hours', () => {
    expect(bucketOfDay('2025-03-16', 'week')).toBe('2025-03-10'); // a Sunday → its Monday
    expect(bucketOfDay('2025-03-10', 'week')).toBe('2025-03-10');
    expect(bucketOfDay('2025-03-16', 'month')).toBe('2025-03');
    expect(bucketsIn(at(2025, 1, 15), at(2025, 4, 1), 'month')).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(bucketsIn(at(2025, 3, 5), at(2025, 3, 20), 'week')).toEqual(['2025-03-03', '2025-03-10', '2025-03-17']);
    expect(bucketsIn(at(2025, 3, 5, 22), at(2025, 3, 6, 1), 'hour')).toEqual(['2025-03-05 22', '2025-03-05 23', '2025-03-06 00']);
  });
});
