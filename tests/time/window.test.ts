import fc from 'fast-check';

import { parseInstantMs } from '../../src/time/instant';
import {
  type TimeWindow,
  type WeekStart,
  type WindowKind,
  dayWindow,
  isInWindow,
  localDate,
  monthWindow,
  nextWindow,
  weekWindow,
  windowOf,
  windowsBetween,
} from '../../src/time/window';
import { thrown } from './thrown';

const HOUR = 3_600_000;
const NEW_YORK = 'America/New_York';
const BRUSSELS = 'Europe/Brussels';
const MONDAY: WeekStart = 1;
const SUNDAY: WeekStart = 7;

function hoursIn(window: TimeWindow): number {
  return (window.endMs - window.startMs) / HOUR;
}

function at(stored: string): number {
  const ms = parseInstantMs(stored);
  if (ms === null) throw new Error(`not an instant: ${stored}`);
  return ms;
}

describe('day windows', () => {
  it('cover local midnight to local midnight, in UTC', () => {
    const day = dayWindow('2026-07-01', NEW_YORK);

    expect(day).toMatchObject({
      kind: 'day',
      start: '2026-07-01T04:00:00Z',
      end: '2026-07-02T04:00:00Z',
      zone: NEW_YORK,
      firstDay: '2026-07-01',
      lastDay: '2026-07-01',
      label: '2026-07-01',
    });
    expect(at(day.start)).toBe(day.startMs);
    expect(at(day.end)).toBe(day.endMs);
  });

  it.each([
    [NEW_YORK, '2026-03-08', 23],
    [NEW_YORK, '2026-11-01', 25],
    [NEW_YORK, '2026-07-01', 24],
    [BRUSSELS, '2026-03-29', 23],
    [BRUSSELS, '2026-10-25', 25],
    [BRUSSELS, '2026-01-15', 24],
  ])('in %s, %s lasts %i hours', (zone, date, hours) => {
    expect(hoursIn(dayWindow(date, zone))).toBe(hours);
  });

  it('is the same window whether anchored by a date or by any instant inside it', () => {
    const byDate = dayWindow('2026-11-01', NEW_YORK);

    expect(dayWindow(byDate.startMs, NEW_YORK)).toEqual(byDate);
    expect(dayWindow(byDate.endMs - 1, NEW_YORK)).toEqual(byDate);
    expect(dayWindow(byDate.endMs, NEW_YORK).firstDay).toBe('2026-11-02');
  });

  it('reads an instant on the day it falls on in the zone, not in UTC', () => {
    const lateEvening = at('2026-07-02T02:00:00Z');

    expect(dayWindow(lateEvening, NEW_YORK).label).toBe('2026-07-01');
    expect(dayWindow(lateEvening, 'UTC').label).toBe('2026-07-02');
  });
});

describe('days whose midnight does not exist or happens twice', () => {
  it('start at the first existing instant when clocks jump from 00:00 to 01:00 (Santiago)', () => {
    const day = dayWindow('2024-09-08', 'America/Santiago');

    expect(day.start).toBe('2024-09-08T04:00:00Z');
    expect(localDate(day.startMs, 'America/Santiago')).toBe('2024-09-08');
    expect(localDate(day.startMs - 1, 'America/Santiago')).toBe('2024-09-07');
    expect(hoursIn(day)).toBe(23);
    expect(dayWindow('2024-09-07', 'America/Santiago').endMs).toBe(day.startMs);
  });

  it('start at the first existing instant when clocks jump at midnight (Beirut)', () => {
    const day = dayWindow('2024-03-31', 'Asia/Beirut');

    expect(day.start).toBe('2024-03-30T22:00:00Z');
    expect(localDate(day.startMs - 1, 'Asia/Beirut')).toBe('2024-03-30');
    expect(hoursIn(day)).toBe(23);
  });

  it('start at the first midnight when clocks fall back from 01:00 to 00:00 (Havana)', () => {
    const day = dayWindow('2024-11-03', 'America/Havana');

    expect(day.start).toBe('2024-11-03T04:00:00Z');
    expect(localDate(day.startMs - 1, 'America/Havana')).toBe('2024-11-02');
    expect(hoursIn(day)).toBe(25);
    expect(hoursIn(dayWindow('2024-11-02', 'America/Havana'))).toBe(24);
  });

  it('are empty for a day the zone skipped entirely (Apia, 2011-12-30)', () => {
    const skipped = dayWindow('2011-12-30', 'Pacific/Apia');
    const before = dayWindow('2011-12-29', 'Pacific/Apia');

    expect(skipped.endMs).toBe(skipped.startMs);
    expect(before.endMs).toBe(skipped.startMs);
    expect(hoursIn(before)).toBe(24);
  });
});

describe('week windows', () => {
  it.each([
    [NEW_YORK, '2026-03-08', MONDAY, '2026-03-02', 167],
    [NEW_YORK, '2026-03-08', SUNDAY, '2026-03-08', 167],
    [NEW_YORK, '2026-11-01', MONDAY, '2026-10-26', 169],
    [NEW_YORK, '2026-11-01', SUNDAY, '2026-11-01', 169],
    [BRUSSELS, '2026-03-29', MONDAY, '2026-03-23', 167],
    [BRUSSELS, '2026-03-29', SUNDAY, '2026-03-29', 167],
    [BRUSSELS, '2026-10-25', MONDAY, '2026-10-19', 169],
    [BRUSSELS, '2026-10-25', SUNDAY, '2026-10-25', 169],
    [BRUSSELS, '2026-06-10', MONDAY, '2026-06-08', 168],
  ] as const)(
    'in %s, the week of %s starting on weekday %i begins %s and lasts %i hours',
    (zone, date, weekStart, firstDay, hours) => {
      const week = weekWindow(date, zone, weekStart);

      expect(week.firstDay).toBe(firstDay);
      expect(hoursIn(week)).toBe(hours);
    },
  );

  it('starts on the configured weekday, whichever day it is', () => {
    for (const weekStart of [1, 2, 3, 4, 5, 6, 7] as const) {
      const week = weekWindow('2026-03-11', BRUSSELS, weekStart);

      expect(dayWindow(week.firstDay, BRUSSELS).startMs).toBe(week.startMs);
      expect(new Date(`${week.firstDay}T12:00:00Z`).getUTCDay() || 7).toBe(weekStart);
      expect(isInWindow(week, dayWindow('2026-03-11', BRUSSELS).startMs)).toBe(true);
    }
  });

  it('is labelled by its first and last day', () => {
    expect(weekWindow('2026-03-11', BRUSSELS, MONDAY).label).toBe('2026-03-09 to 2026-03-15');
  });

  it('refuses a week start outside 1 to 7', () => {
    const error = thrown(() => weekWindow('2026-03-11', BRUSSELS, 0 as WeekStart));

    expect(error).toMatchObject({ code: 'bad_format' });
    expect((error as Error).message).toMatch(/1 \(Monday\) to 7 \(Sunday\)/);
  });
});

describe('month windows', () => {
  it.each([
    [NEW_YORK, '2026-03-15', 31 * 24 - 1],
    [NEW_YORK, '2026-11-15', 30 * 24 + 1],
    [NEW_YORK, '2026-02-15', 28 * 24],
    [BRUSSELS, '2026-03-15', 31 * 24 - 1],
    [BRUSSELS, '2026-10-15', 31 * 24 + 1],
    [BRUSSELS, '2028-02-15', 29 * 24],
  ])('in %s, the month of %s lasts %i hours', (zone, date, hours) => {
    expect(hoursIn(monthWindow(date, zone))).toBe(hours);
  });

  it('runs from the first of the month to the first of the next, labelled YYYY-MM', () => {
    const month = monthWindow('2026-12-31', BRUSSELS);

    expect(month).toMatchObject({
      start: '2026-11-30T23:00:00Z',
      end: '2026-12-31T23:00:00Z',
      firstDay: '2026-12-01',
      lastDay: '2026-12-31',
      label: '2026-12',
    });
  });
});

describe('consecutive windows', () => {
  it.each([
    ['day', NEW_YORK],
    ['week', NEW_YORK],
    ['month', NEW_YORK],
    ['day', BRUSSELS],
    ['week', BRUSSELS],
    ['month', BRUSSELS],
    ['day', 'America/Santiago'],
  ] as const)('of kind %s in %s meet end to start over a whole year', (kind, zone) => {
    const windows = windowsBetween(
      kind,
      at('2026-01-01T12:00:00Z'),
      at('2027-01-01T00:00:00Z'),
      zone,
      SUNDAY,
    );

    for (let index = 1; index < windows.length; index++) {
      expect(windows[index]!.startMs).toBe(windows[index - 1]!.endMs);
    }
    const total = windows[windows.length - 1]!.endMs - windows[0]!.startMs;
    const days = windows.reduce((sum, window) => sum + (window.endMs - window.startMs), 0);
    expect(days).toBe(total);
  });

  it('cover the range asked for and no more', () => {
    const from = at('2026-03-10T15:00:00Z');
    const to = at('2026-03-13T04:00:00Z');

    const days = windowsBetween('day', from, to, NEW_YORK);

    expect(days.map((day) => day.label)).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
    expect(windowsBetween('day', to, from, NEW_YORK)).toEqual([]);
  });

  it('leave out a day the zone skipped', () => {
    const days = windowsBetween(
      'day',
      at('2011-12-29T12:00:00Z'),
      at('2011-12-31T12:00:00Z'),
      'Pacific/Apia',
    );

    expect(days.map((day) => day.label)).toEqual(['2011-12-29', '2011-12-31', '2012-01-01']);
  });

  it('follow one another through nextWindow', () => {
    const week = weekWindow('2026-10-25', BRUSSELS, SUNDAY);

    const following = nextWindow(week);

    expect(following.startMs).toBe(week.endMs);
    expect(following.firstDay).toBe('2026-11-01');
    expect(following.lastDay).toBe('2026-11-07');
  });

  it('refuse a range without end rather than run forever', () => {
    expect(
      thrown(() => windowsBetween('day', 0, Number.POSITIVE_INFINITY, NEW_YORK)),
    ).toMatchObject({
      code: 'impossible_date',
    });
  });
});

describe('windows for any instant (property)', () => {
  const zones = [
    NEW_YORK,
    BRUSSELS,
    'America/Santiago',
    'Asia/Beirut',
    'America/Havana',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'America/St_Johns',
    'UTC',
  ];
  const instant = fc.integer({ min: at('1990-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') });
  const zone = fc.constantFrom(...zones);
  const kind = fc.constantFrom<WindowKind>('day', 'week', 'month');
  const weekStart = fc.constantFrom<WeekStart>(1, 2, 3, 4, 5, 6, 7);

  it('contain the instant and start at the first instant of their first day', () => {
    fc.assert(
      fc.property(instant, zone, kind, weekStart, (ms, zoneName, windowKind, firstWeekday) => {
        const window = windowOf(windowKind, ms, zoneName, firstWeekday);

        expect(isInWindow(window, ms)).toBe(true);
        expect(localDate(window.startMs, zoneName)).toBe(window.firstDay);
        expect(localDate(window.startMs - 1, zoneName)).not.toBe(window.firstDay);
        expect(localDate(window.endMs - 1, zoneName)).toBe(window.lastDay);
        expect(localDate(window.endMs, zoneName)).not.toBe(window.lastDay);
      }),
      { numRuns: 500 },
    );
  });

  it('are the same window for every instant inside them', () => {
    fc.assert(
      fc.property(instant, zone, kind, (ms, zoneName, windowKind) => {
        const window = windowOf(windowKind, ms, zoneName);

        expect(windowOf(windowKind, window.startMs, zoneName)).toEqual(window);
        expect(windowOf(windowKind, window.endMs - 1, zoneName)).toEqual(window);
        expect(windowOf(windowKind, window.endMs, zoneName).startMs).toBe(window.endMs);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bad anchors and zones', () => {
  it.each([
    ['an unknown zone', () => dayWindow('2026-03-08', 'Mars/Olympus'), 'unknown_zone'],
    ['an impossible date', () => dayWindow('2026-02-30', NEW_YORK), 'impossible_date'],
    ['a date-time instead of a date', () => dayWindow('2026-03-08T10:00', NEW_YORK), 'bad_format'],
    ['a number that is no instant', () => monthWindow(Number.NaN, NEW_YORK), 'impossible_date'],
    ['text that is no date', () => weekWindow('next week', NEW_YORK, MONDAY), 'bad_format'],
  ])('refuse %s with a stable code', (_case, run, code) => {
    expect(thrown(run)).toMatchObject({ name: 'TimeError', code });
  });
});
