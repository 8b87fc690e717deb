import { execFileSync } from 'node:child_process';

import fc from 'fast-check';
import { Settings } from 'luxon';

import {
  type TemporalResult,
  formatInstant,
  isStoredInstant,
  parseInstant,
  parseInstantMs,
  parseTemporal,
} from '../../src/time/instant';

const NEW_YORK = 'America/New_York';
const BRUSSELS = 'Europe/Brussels';
const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const STORED_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIRST_STORABLE = Date.parse('0000-01-01T00:00:00Z');
const LAST_STORABLE = Date.parse('9999-12-31T23:59:59.999Z');

/** The stored text of a value that must parse. */
function stored(input: unknown, zone = 'UTC'): string {
  const result = parseTemporal(input, zone);
  if (!result.ok) throw new Error(`${String(input)} was refused: ${result.message}`);
  return result.value.stored;
}

function refusal(result: TemporalResult): { code: string; message: string } {
  if (result.ok) throw new Error(`expected a refusal, got ${result.value.stored}`);
  return { code: result.code, message: result.message };
}

/** How JavaScript's Date, in a Node process running in `zone`, reads naive `text`. */
function readByDate(text: string, zone: string): number {
  const script = `process.stdout.write(String(new Date(${JSON.stringify(text)}).getTime()))`;
  const output = execFileSync(process.execPath, ['-e', script], { env: { TZ: zone } });
  return Number(output.toString());
}

/** Runs `read` with luxon believing the machine is in `zone`. */
function withLuxonSystemZone<T>(zone: string, read: () => T): T {
  const saved = Settings.defaultZone;
  Settings.defaultZone = zone;
  try {
    return read();
  } finally {
    Settings.defaultZone = saved;
  }
}

describe('formatInstant', () => {
  it('writes UTC at seconds precision with Z', () => {
    expect(formatInstant(Date.UTC(2026, 2, 8, 7, 30, 15, 999))).toBe('2026-03-08T07:30:15Z');
  });

  it('drops sub-second parts toward the past, also before 1970', () => {
    expect(formatInstant(-1)).toBe('1969-12-31T23:59:59Z');
  });
});

describe('parseTemporal with Z or an offset', () => {
  it.each([
    ['2026-03-08T12:00:00Z', '2026-03-08T12:00:00Z'],
    ['2026-03-08t12:00:00z', '2026-03-08T12:00:00Z'],
    ['2026-03-08T12:00Z', '2026-03-08T12:00:00Z'],
    ['2026-03-08T12:00:00+01:00', '2026-03-08T11:00:00Z'],
    ['2026-03-08T12:00:00+0100', '2026-03-08T11:00:00Z'],
    ['2026-03-08T12:00:00+01', '2026-03-08T11:00:00Z'],
    ['2026-03-08T12:00:00-05:30', '2026-03-08T17:30:00Z'],
    ['2026-03-08 12:00:00-00:00', '2026-03-08T12:00:00Z'],
    ['2026-03-08T12:00:00.999Z', '2026-03-08T12:00:00Z'],
    ['2026-03-08T12:00:00.123456789+02:00', '2026-03-08T10:00:00Z'],
    ['  2026-03-08T12:00:00Z  ', '2026-03-08T12:00:00Z'],
  ])('reads %j as %s', (input, expected) => {
    expect(stored(input)).toBe(expected);
  });

  it('does not depend on the configured zone', () => {
    expect(stored('2026-03-08T12:00:00+01:00', NEW_YORK)).toBe(
      stored('2026-03-08T12:00:00+01:00', BRUSSELS),
    );
  });

  it('refuses offsets no clock uses', () => {
    for (const input of [
      '2026-03-08T12:00+05:75',
      '2026-03-08T12:00+99:00',
      '2026-03-08T12:00-19',
    ]) {
      expect(refusal(parseTemporal(input, 'UTC'))).toMatchObject({ code: 'impossible_date' });
    }
  });
});

describe('parseTemporal with a naive date-time', () => {
  it.each([
    ['2026-01-15T09:00', NEW_YORK, '2026-01-15T14:00:00Z'],
    ['2026-07-15T09:00', NEW_YORK, '2026-07-15T13:00:00Z'],
    ['2026-01-15T09:00', BRUSSELS, '2026-01-15T08:00:00Z'],
    ['2026-07-15T09:00:30', BRUSSELS, '2026-07-15T07:00:30Z'],
    ['2026-07-15 09:00', BRUSSELS, '2026-07-15T07:00:00Z'],
  ])('reads %s in %s as %s', (input, zone, expected) => {
    expect(stored(input, zone)).toBe(expected);
  });

  it('moves a time in the spring-forward gap forward by the gap (02:30 New York is 03:30 EDT)', () => {
    expect(stored('2026-03-08T02:30', NEW_YORK)).toBe('2026-03-08T07:30:00Z');
    expect(stored('2026-03-08T02:30', NEW_YORK)).toBe(stored('2026-03-08T03:30', NEW_YORK));
  });

  it('moves a time in the spring-forward gap in Brussels the same way', () => {
    expect(stored('2026-03-29T02:30', BRUSSELS)).toBe('2026-03-29T01:30:00Z');
  });

  it('reads a time that happens twice at fall-back as the earlier instant', () => {
    expect(stored('2026-11-01T01:30', NEW_YORK)).toBe('2026-11-01T05:30:00Z');
    expect(stored('2026-10-25T02:30', BRUSSELS)).toBe('2026-10-25T00:30:00Z');
  });

  it.each([
    ['2026-11-01T01:30', NEW_YORK],
    ['2026-03-08T02:30', NEW_YORK],
    ['2026-10-25T02:30', BRUSSELS],
    ['2026-03-29T02:30', BRUSSELS],
    ['2026-07-15T09:00', BRUSSELS],
  ])('reads %s in %s as JavaScript Date (and so Obsidian) does', (input, zone) => {
    expect(stored(input, zone)).toBe(formatInstant(readByDate(input, zone)));
  });

  it('refuses an unknown zone, and the platform-dependent "local"', () => {
    for (const zone of ['Mars/Olympus', 'local', '']) {
      expect(refusal(parseTemporal('2026-07-15T09:00', zone))).toMatchObject({
        code: 'unknown_zone',
      });
    }
  });
});

describe('parseTemporal with a date only', () => {
  it('keeps the date as a date, whatever the zone', () => {
    for (const zone of ['UTC', NEW_YORK, BRUSSELS, 'Pacific/Kiritimati']) {
      expect(parseTemporal('2026-03-08', zone)).toEqual({
        ok: true,
        value: { kind: 'date', date: '2026-03-08', stored: '2026-03-08' },
      });
    }
  });

  it('accepts 29 February only in leap years', () => {
    expect(stored('2028-02-29')).toBe('2028-02-29');
    expect(refusal(parseTemporal('2026-02-29', 'UTC')).code).toBe('impossible_date');
  });
});

describe('parseTemporal with impossible or malformed text', () => {
  it.each([
    ['2026-02-30', 'impossible_date'],
    ['2026-13-01', 'impossible_date'],
    ['2026-03-08T25:00', 'impossible_date'],
    ['2026-03-08T12:60', 'impossible_date'],
    ['2026-03-08T12:00:61Z', 'impossible_date'],
    ['0000-01-01T00:30+01:00', 'impossible_date'],
    ['2026-3-8', 'bad_format'],
    ['08/03/2026', 'bad_format'],
    ['tomorrow', 'bad_format'],
    ['', 'bad_format'],
    ['2026-03-08T12', 'bad_format'],
  ])('refuses %j with %s', (input, code) => {
    const { code: actual, message } = refusal(parseTemporal(input, 'UTC'));

    expect(actual).toBe(code);
    expect(message).toMatch(/not a|only the years/);
  });
});

describe('parseTemporal with values that are not text', () => {
  it.each([
    [1741435200000, 'a number'],
    [true, 'a boolean'],
    [null, 'nothing'],
    [undefined, 'nothing'],
    [['2026-03-08'], 'a list'],
    [{ date: '2026-03-08' }, 'an object'],
  ])('refuses %j and names what it got', (input, described) => {
    expect(refusal(parseTemporal(input, 'UTC'))).toEqual({
      code: 'not_a_string',
      message: `expected a date or date-time text, got ${described}`,
    });
  });

  it('accepts a Date object as the instant it holds', () => {
    expect(stored(new Date(Date.UTC(2026, 2, 8, 12, 0, 0, 500)))).toBe('2026-03-08T12:00:00Z');
    expect(refusal(parseTemporal(new Date(Number.NaN), 'UTC')).code).toBe('impossible_date');
  });

  it('refuses a Date outside the years the format holds', () => {
    expect(refusal(parseTemporal(new Date('+010000-01-01T00:00:00Z'), 'UTC')).code).toBe(
      'impossible_date',
    );
  });
});

describe('parseInstant, parseInstantMs and isStoredInstant', () => {
  it('parseInstant refuses an all-day date where an instant is needed', () => {
    expect(refusal(parseInstant('2026-03-08', 'UTC')).code).toBe('bad_format');
    expect(parseInstant('2026-03-08T10:00Z', 'UTC').ok).toBe(true);
  });

  it('parseInstantMs reads only text that names an instant on its own', () => {
    expect(parseInstantMs('2026-03-08T12:00:00Z')).toBe(Date.UTC(2026, 2, 8, 12));
    expect(parseInstantMs('2026-03-08T12:00:00+0100')).toBe(Date.UTC(2026, 2, 8, 11));
    expect(parseInstantMs('2026-03-08T12:00:00')).toBeNull();
    expect(parseInstantMs('2026-03-08')).toBeNull();
    expect(parseInstantMs('soon')).toBeNull();
  });

  it('isStoredInstant accepts exactly the storage format', () => {
    expect(isStoredInstant('2026-03-08T12:00:00Z')).toBe(true);
    expect(isStoredInstant('2026-03-08T12:00:00.000Z')).toBe(false);
    expect(isStoredInstant('2026-03-08T12:00:00+00:00')).toBe(false);
    expect(isStoredInstant('2026-02-30T12:00:00Z')).toBe(false);
  });
});

describe('the storage format (properties)', () => {
  const storableMs = fc.integer({ min: FIRST_STORABLE, max: LAST_STORABLE });
  const zone = fc.constantFrom('UTC', NEW_YORK, BRUSSELS, 'Asia/Kolkata', 'Pacific/Chatham');

  it('round-trips any instant at seconds precision', () => {
    fc.assert(
      fc.property(storableMs, zone, (ms, zoneName) => {
        const text = formatInstant(ms);
        const result = parseTemporal(text, zoneName);

        expect(text).toMatch(STORED_INSTANT);
        expect(result).toEqual({
          ok: true,
          value: { kind: 'instant', ms: Math.floor(ms / 1000) * 1000, stored: text },
        });
      }),
      { numRuns: 1000 },
    );
  });

  const pad = (width: number) => (n: number) => String(n).padStart(width, '0');
  const looseDateTime = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }).map(pad(4)),
      fc.integer({ min: 0, max: 13 }).map(pad(2)),
      fc.integer({ min: 0, max: 32 }).map(pad(2)),
      fc.constantFrom('T', ' ', 't'),
      fc.integer({ min: 0, max: 25 }).map(pad(2)),
      fc.integer({ min: 0, max: 61 }).map(pad(2)),
      fc.option(fc.integer({ min: 0, max: 61 }).map(pad(2))),
      fc.option(fc.integer({ min: 0, max: 999_999_999 }).map(String)),
      fc.constantFrom('', 'Z', '+01:00', '-0530', '+14', '-12:00', '+18:30'),
    )
    .map(([y, mo, d, sep, h, mi, s, frac, offset]) => {
      const seconds = s === null ? '' : `:${s}${frac === null ? '' : `.${frac}`}`;
      return `${y}-${mo}-${d}${sep}${h}:${mi}${seconds}${offset}`;
    });
  const anyInput = fc.oneof(
    looseDateTime,
    looseDateTime.map((text) => text.slice(0, 10)),
    fc.string(),
    fc.anything(),
  );

  it('stores only UTC instants or plain dates, and storing again changes nothing', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyInput, zone, (input, zoneName) => {
        const result = parseTemporal(input, zoneName);
        if (!result.ok) return;
        accepted++;

        const { stored: text } = result.value;
        expect(text).toMatch(result.value.kind === 'instant' ? STORED_INSTANT : STORED_DATE);
        expect(parseTemporal(text, 'Pacific/Kiritimati')).toEqual(result);
      }),
      { numRuns: 2000 },
    );

    // The generator is loose on purpose; make sure enough of it was valid to mean something.
    expect(accepted).toBeGreaterThan(200);
  });

  it('stores the same text whatever zone the machine is in', () => {
    const inputs = ['2026-11-01T01:30', '2026-03-29T02:30', '2026-03-08', '2026-07-01T09:00+02:00'];

    for (const input of inputs) {
      const atHome = parseTemporal(input, BRUSSELS);
      const abroad = withLuxonSystemZone('Asia/Tokyo', () => parseTemporal(input, BRUSSELS));

      expect(abroad).toEqual(atHome);
    }
  });
});
