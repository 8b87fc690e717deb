import { DateTime } from 'luxon';

import { TimeError } from '../../src/time/errors';
import {
  canonicalZone,
  earliestReading,
  isValidZone,
  resolveZone,
  startOfDayIn,
  suggestZone,
  systemZone,
} from '../../src/time/zone';
import { thrown } from './thrown';

describe('isValidZone', () => {
  it.each(['Europe/Brussels', 'America/New_York', 'UTC', 'europe/brussels', 'Etc/GMT+2'])(
    'accepts the IANA name %s',
    (zone) => expect(isValidZone(zone)).toBe(true),
  );

  it.each(['', ' ', 'Europe/Brusels', 'Mars/Olympus', 'local', 'system', 'UTC+2', '+02:00'])(
    'refuses %j, which is not an IANA zone',
    (zone) => expect(isValidZone(zone)).toBe(false),
  );
});

describe('canonicalZone', () => {
  it('fixes the case of a zone typed in the wrong case', () => {
    expect(canonicalZone('europe/brussels')).toBe('Europe/Brussels');
  });

  it('keeps an alias as typed rather than replacing it with another name', () => {
    expect(canonicalZone('US/Eastern')).toBe('US/Eastern');
  });
});

describe('systemZone', () => {
  it('is the zone the process runs in (pinned to UTC for tests)', () => {
    expect(systemZone()).toBe('UTC');
  });
});

describe('resolveZone', () => {
  it('reads an empty setting as the system zone', () => {
    expect(resolveZone('')).toBe(systemZone());
    expect(resolveZone('   ')).toBe(systemZone());
  });

  it('keeps a valid zone, trimmed and in its own case', () => {
    expect(resolveZone(' america/new_york ')).toBe('America/New_York');
  });

  it('throws unknown_zone with a plain message for a name that is no zone', () => {
    const error = thrown(() => resolveZone('Europe/Brusels'));

    expect(error).toBeInstanceOf(TimeError);
    expect(error).toMatchObject({ code: 'unknown_zone' });
    expect((error as Error).message).toBe('"Europe/Brusels" is not a known time zone');
  });
});

describe('suggestZone', () => {
  it('suggests the zone a typo was meant to be', () => {
    expect(suggestZone('Europe/Brusels')).toBe('Europe/Brussels');
    expect(suggestZone('america/new york')).toBe('America/New_York');
  });

  it('suggests nothing for text far from any zone', () => {
    expect(suggestZone('my home')).toBeNull();
    expect(suggestZone('x')).toBeNull();
  });
});

describe('earliestReading', () => {
  it('reads a wall time that happens twice as its first occurrence', () => {
    const wall = DateTime.fromISO('2026-11-01T01:30', { zone: 'America/New_York' });

    const reading = earliestReading(wall);

    expect(reading.toUTC().toISO()).toBe('2026-11-01T05:30:00.000Z');
    expect(reading.offset).toBe(-4 * 60);
  });

  it('leaves a wall time that happens once where it is', () => {
    const wall = DateTime.fromISO('2026-07-01T09:00', { zone: 'America/New_York' });

    expect(earliestReading(wall).toMillis()).toBe(wall.toMillis());
  });
});

describe('startOfDayIn', () => {
  it('is local midnight on an ordinary day', () => {
    const start = startOfDayIn(2026, 7, 1, 'Europe/Brussels');

    expect(start.toUTC().toISO()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('is the first existing instant when midnight is skipped (Santiago, 2024-09-08)', () => {
    const start = startOfDayIn(2024, 9, 8, 'America/Santiago');

    expect(start.toFormat('yyyy-MM-dd HH:mm')).toBe('2024-09-08 01:00');
    const instantBefore = start.minus({ milliseconds: 1 });
    expect(instantBefore.toFormat('yyyy-MM-dd HH:mm:ss')).toBe('2024-09-07 23:59:59');
  });

  it('is the first midnight when midnight happens twice (Havana, 2024-11-03)', () => {
    const start = startOfDayIn(2024, 11, 3, 'America/Havana');

    expect(start.offset).toBe(-4 * 60);
    expect(start.minus({ milliseconds: 1 }).toISODate()).toBe('2024-11-02');
  });
});
