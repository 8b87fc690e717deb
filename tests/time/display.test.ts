import { displayDate, displayInstant, displayTemporal } from '../../src/time/display';
import { parseTemporal } from '../../src/time/instant';
import { thrown } from './thrown';

const AT_NOON_UTC = Date.UTC(2026, 6, 15, 12, 0, 0);

describe('displayInstant', () => {
  it('shows an instant as wall-clock time in the zone', () => {
    expect(displayInstant(AT_NOON_UTC, 'America/New_York')).toBe('2026-07-15 08:00');
    expect(displayInstant(AT_NOON_UTC, 'Europe/Brussels')).toBe('2026-07-15 14:00');
    expect(displayInstant(AT_NOON_UTC, 'Asia/Kolkata')).toBe('2026-07-15 17:30');
  });

  it('takes a luxon format and a locale', () => {
    const shown = displayInstant(AT_NOON_UTC, 'Europe/Brussels', 'cccc d LLLL HH:mm', {
      locale: 'fr-BE',
    });

    expect(shown).toBe('mercredi 15 juillet 14:00');
  });

  it('shows the two instants of a repeated hour with their offsets apart', () => {
    const first = Date.UTC(2026, 10, 1, 5, 30);
    const second = Date.UTC(2026, 10, 1, 6, 30);

    expect(displayInstant(first, 'America/New_York', 'HH:mm ZZ')).toBe('01:30 -04:00');
    expect(displayInstant(second, 'America/New_York', 'HH:mm ZZ')).toBe('01:30 -05:00');
  });

  it('refuses an unknown zone and a value that is no instant', () => {
    expect(thrown(() => displayInstant(AT_NOON_UTC, 'Mars/Olympus'))).toMatchObject({
      code: 'unknown_zone',
    });
    expect(thrown(() => displayInstant(Number.NaN, 'UTC'))).toMatchObject({
      code: 'impossible_date',
    });
  });
});

describe('displayDate', () => {
  it('shows an all-day date as the same calendar day, with no zone involved', () => {
    expect(displayDate('2026-03-08')).toBe('2026-03-08');
    expect(displayDate('2026-03-08', 'd LLL yyyy', { locale: 'en-GB' })).toBe('8 Mar 2026');
  });

  it('refuses text that is not a real date', () => {
    expect(thrown(() => displayDate('2026-02-30'))).toMatchObject({ code: 'impossible_date' });
    expect(thrown(() => displayDate('8 March'))).toMatchObject({ code: 'bad_format' });
  });
});

describe('displayTemporal', () => {
  it('shows instants in the zone and dates as they are', () => {
    const instant = parseTemporal('2026-07-15T12:00:00Z', 'UTC');
    const date = parseTemporal('2026-07-15', 'UTC');
    if (!instant.ok || !date.ok) throw new Error('test values must parse');

    expect(displayTemporal(instant.value, 'Pacific/Kiritimati')).toBe('2026-07-16 02:00');
    expect(displayTemporal(date.value, 'Pacific/Kiritimati')).toBe('2026-07-15');
  });
});
