import { isEstimate, parseEstimate } from '../../src/entities/estimate';

describe('parseEstimate', () => {
  it.each([
    ['2h', { days: 0, hours: 2, minutes: 0 }],
    ['30m', { days: 0, hours: 0, minutes: 30 }],
    ['1d', { days: 1, hours: 0, minutes: 0 }],
    ['1h30m', { days: 0, hours: 1, minutes: 30 }],
    ['1d 4h', { days: 1, hours: 4, minutes: 0 }],
    ['2d4h15m', { days: 2, hours: 4, minutes: 15 }],
    ['90m', { days: 0, hours: 0, minutes: 90 }],
  ])('reads %s', (text, parts) => {
    expect(parseEstimate(text)).toEqual(parts);
  });

  it.each([
    ['a number without a unit', '2'],
    ['a fraction', '1.5h'],
    ['units out of order', '30m1h'],
    ['a unit twice', '1h2h'],
    ['a space before the unit', '2 h'],
    ['two spaces between parts', '1h  30m'],
    ['a space at an end', ' 2h'],
    ['an uppercase unit', '2H'],
    ['an unknown unit', '2w'],
    ['nothing at all', '0h0m'],
    ['empty text', ''],
    ['a negative amount', '-2h'],
  ])('refuses %s', (_, text) => {
    expect(parseEstimate(text)).toBeNull();
  });

  it('refuses values that are not text', () => {
    for (const value of [2, null, undefined, ['2h'], { hours: 2 }]) {
      expect(isEstimate(value)).toBe(false);
    }
  });

  it('refuses a million characters without trying to read them', () => {
    expect(isEstimate('1h'.repeat(500_000))).toBe(false);
  });
});
