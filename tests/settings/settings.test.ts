import {
  EDIT_DEBOUNCE_RANGE,
  checkQuarantineFolder,
  checkWholeNumber,
  checkLogModules,
  DEFAULT_SETTINGS,
  type EntityFolders,
  type KiraSettings,
  SETTINGS_VERSION,
  checkFolder,
  checkFoldersDistinct,
  checkLogLevel,
  checkTimezone,
  checkWeekStart,
  checkCalendarEndpoints,
  checkClientId,
  checkClientSecret,
  checkSyncDirection,
  defaultSettings,
  readSettings,
  upgradeSettings,
} from '../../src/settings/settings';

/** Settings as saved by the current version, with `overrides` on top of the defaults. */
function savedSettings(overrides: Partial<KiraSettings> = {}): KiraSettings {
  return { ...defaultSettings(), ...overrides };
}

function folders(task: string, note: string, event: string): EntityFolders {
  return { task, note, event };
}

function messageOf(check: { ok: boolean; message?: string }): string {
  if (check.ok) throw new Error('expected the check to fail');
  return check.message ?? '';
}

describe('the defaults', () => {
  it('are the documented ones, at the current version', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      settingsVersion: SETTINGS_VERSION,
      timezone: '',
      weekStart: 1,
      folders: { task: 'Tasks', note: 'Notes', event: 'Events' },
      logLevel: 'warn',
      logModules: {},
      quarantineFolder: 'Kira/Quarantine',
      editDebounceMs: 1500,
      runaway: { maxWrites: 10, windowSeconds: 10 },
      googleClientId: '',
      calendarId: '',
      syncIntervalMinutes: 5,
      syncDirection: 'two-way',
      syncTasks: false,
      onCancelled: 'trash',
      calendarEndpoints: null,
    });
  });

  it('cannot be changed by accident, and defaultSettings gives a copy that can', () => {
    const copy = defaultSettings();
    copy.folders.task = 'Work';

    expect(DEFAULT_SETTINGS.folders.task).toBe('Tasks');
    expect(Object.isFrozen(DEFAULT_SETTINGS.folders)).toBe(true);
  });

  it('pass every check', () => {
    expect(checkTimezone(DEFAULT_SETTINGS.timezone).ok).toBe(true);
    expect(checkWeekStart(DEFAULT_SETTINGS.weekStart).ok).toBe(true);
    expect(checkLogLevel(DEFAULT_SETTINGS.logLevel).ok).toBe(true);
    expect(checkFoldersDistinct(DEFAULT_SETTINGS.folders).ok).toBe(true);
    for (const folder of Object.values(DEFAULT_SETTINGS.folders)) {
      expect(checkFolder(folder)).toEqual({ ok: true, value: folder });
    }
  });
});

describe('checkTimezone', () => {
  it('accepts empty as the system zone', () => {
    expect(checkTimezone('')).toEqual({ ok: true, value: '' });
    expect(checkTimezone('   ')).toEqual({ ok: true, value: '' });
  });

  it.each([
    ['Europe/Brussels', 'Europe/Brussels'],
    [' America/New_York ', 'America/New_York'],
    ['europe/brussels', 'Europe/Brussels'],
    ['UTC', 'UTC'],
  ])('accepts %j as %s', (typed, zone) => {
    expect(checkTimezone(typed)).toEqual({ ok: true, value: zone });
  });

  it('refuses a misspelt zone, suggests the right one and says what to do', () => {
    expect(messageOf(checkTimezone('Europe/Brusels'))).toBe(
      '"Europe/Brusels" is not a time zone. Did you mean Europe/Brussels? ' +
        'Use a name like Europe/Brussels, or leave empty for the system zone.',
    );
  });

  it.each(['Brussels time', 'local', 'UTC+2', 'GMT+01:00'])('refuses %j', (typed) => {
    expect(messageOf(checkTimezone(typed))).toContain(`"${typed}" is not a time zone.`);
  });
});

describe('checkWeekStart', () => {
  it.each([
    [1, 1],
    [7, 7],
    ['3', 3],
    [' 6 ', 6],
    ['Sunday', 7],
    ['mon', 1],
    ['THU', 4],
  ] as const)('accepts %j as weekday %i', (typed, weekday) => {
    expect(checkWeekStart(typed)).toEqual({ ok: true, value: weekday });
  });

  it.each([0, 8, 1.5, -1, '', 'someday', 'm', '01'])('refuses %j', (typed) => {
    expect(messageOf(checkWeekStart(typed))).toBe(
      `"${typed}" is not a day. Use 1 (Monday) to 7 (Sunday).`,
    );
  });
});

describe('checkFolder', () => {
  it.each([
    ['Tasks', 'Tasks'],
    ['  Tasks  ', 'Tasks'],
    ['/Tasks/', 'Tasks'],
    ['Work//Tasks', 'Work/Tasks'],
    ['Work / Tasks', 'Work/Tasks'],
    ['./Work/./Tasks', 'Work/Tasks'],
    ['Projects 2026/Tâches', 'Projects 2026/Tâches'],
  ])('normalizes %j to %j', (typed, folder) => {
    expect(checkFolder(typed)).toEqual({ ok: true, value: folder });
  });

  it.each([
    ['', 'Enter a folder inside the vault'],
    [' / ', 'Enter a folder inside the vault'],
    ['../Tasks', 'leaves the vault'],
    ['Work/../../Tasks', 'leaves the vault'],
    ['C:\\Vault\\Tasks', 'is a path on the computer'],
    ['c:/Vault/Tasks', 'is a path on the computer'],
    ['~/Vault/Tasks', 'is a path on the computer'],
    ['\\\\server\\share', 'is a path on the computer'],
    ['Work\\Tasks', 'cannot contain \\'],
    ['Tasks: done', 'cannot contain :'],
    ['Tasks?', 'cannot contain ?'],
    ['Tasks*', 'cannot contain *'],
    ['"Tasks"', 'cannot contain "'],
    ['<Tasks>', 'cannot contain <'],
    ['Tasks|Done', 'cannot contain |'],
    ['Tasks\u0007', 'control characters'],
    ['.trash/Tasks', 'starts with a dot'],
    ['Work/.hidden', 'starts with a dot'],
  ])('refuses %j: %s', (typed, reason) => {
    expect(messageOf(checkFolder(typed))).toContain(reason);
  });
});

describe('checkFoldersDistinct', () => {
  it('accepts three separate folders, including siblings that share a prefix', () => {
    const distinct = folders('Tasks', 'TasksArchive', 'Work/Events');

    expect(checkFoldersDistinct(distinct)).toEqual({ ok: true, value: distinct });
  });

  it('refuses two kinds in one folder, whatever the case', () => {
    expect(messageOf(checkFoldersDistinct(folders('Tasks', 'tasks', 'Events')))).toBe(
      'The task and note folders are both "Tasks". Give each kind its own folder.',
    );
  });

  it('refuses a folder inside another, naming which is inside which', () => {
    expect(messageOf(checkFoldersDistinct(folders('Work', 'Notes', 'Work/Events')))).toBe(
      'The event folder "Work/Events" is inside the task folder "Work". ' +
        'Use folders that do not contain each other.',
    );
    expect(messageOf(checkFoldersDistinct(folders('Notes/Tasks', 'Notes', 'Events')))).toContain(
      'The task folder "Notes/Tasks" is inside the note folder "Notes".',
    );
  });
});

describe('checkLogLevel', () => {
  it.each(['error', 'warn', 'info', 'debug', ' DEBUG '])('accepts %j', (typed) => {
    expect(checkLogLevel(typed)).toEqual({ ok: true, value: typed.trim().toLowerCase() });
  });

  it('refuses anything else and lists the levels', () => {
    expect(messageOf(checkLogLevel('verbose'))).toBe(
      '"verbose" is not a log level. Use one of error, warn, info, debug.',
    );
  });
});

describe('upgradeSettings', () => {
  it.each([null, undefined, 42, 'settings', true, [], [1, 2]])(
    'gives the defaults for %j',
    (saved) => {
      expect(upgradeSettings(saved)).toEqual(DEFAULT_SETTINGS);
    },
  );

  it('gives a fresh copy each time, never the frozen defaults', () => {
    const settings = upgradeSettings(null);

    settings.folders.task = 'Work';
    expect(upgradeSettings(null).folders.task).toBe('Tasks');
  });

  it('keeps valid current settings as they are', () => {
    const saved = savedSettings({
      timezone: 'Europe/Brussels',
      weekStart: 7,
      folders: folders('Work/Tasks', 'Work/Notes', 'Calendar'),
      logLevel: 'debug',
    });

    expect(upgradeSettings(structuredClone(saved))).toEqual(saved);
  });

  it('fills what a partial save leaves out with defaults', () => {
    const settings = upgradeSettings({ settingsVersion: 1, timezone: 'America/New_York' });

    expect(settings).toEqual(savedSettings({ timezone: 'America/New_York' }));
  });

  it('fills a missing folder from the defaults and keeps the others', () => {
    const settings = upgradeSettings({ settingsVersion: 1, folders: { task: 'Work' } });

    expect(settings.folders).toEqual(folders('Work', 'Notes', 'Events'));
  });

  it('drops fields it does not know, including prototype keys', () => {
    const saved: unknown = JSON.parse(
      '{"settingsVersion":1,"logLevel":"info","colour":"red","__proto__":{"polluted":true}}',
    );

    const settings = upgradeSettings(saved);

    expect(settings).toEqual(savedSettings({ logLevel: 'info' }));
    expect(Object.keys(settings).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('replaces each bad value by its default and reports it', () => {
    const { settings, repairs } = readSettings({
      settingsVersion: 1,
      timezone: 'Europe/Brusels',
      weekStart: 9,
      folders: 'Tasks',
      logLevel: 3,
    });

    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(repairs.map((repair) => repair.field)).toEqual([
      'timezone',
      'weekStart',
      'folders',
      'logLevel',
    ]);
    expect(repairs[3]?.message).toBe('expected a log level, found a number');
  });

  it('resets the folders when the saved ones clash', () => {
    const { settings, repairs } = readSettings({
      settingsVersion: 1,
      folders: folders('Work', 'Work/Notes', 'Events'),
    });

    expect(settings.folders).toEqual(DEFAULT_SETTINGS.folders);
    expect(repairs).toEqual([{ field: 'folders', message: expect.stringContaining('inside') }]);
  });

  it('normalizes saved values the way the settings tab does', () => {
    const settings = upgradeSettings({
      settingsVersion: 1,
      timezone: 'europe/brussels',
      weekStart: '7',
      folders: folders('/Tasks/', 'Notes', 'Events'),
      logLevel: 'INFO',
    });

    expect(settings).toEqual(
      savedSettings({ timezone: 'Europe/Brussels', weekStart: 7, logLevel: 'info' }),
    );
  });

  it('reads settings written by a newer Kira as far as it understands them', () => {
    const settings = upgradeSettings({
      settingsVersion: SETTINGS_VERSION + 5,
      timezone: 'Asia/Tokyo',
      rollupFolder: 'Rollups',
    });

    expect(settings).toEqual(savedSettings({ timezone: 'Asia/Tokyo' }));
  });
});

describe('upgradeSettings from version 0 (the flat shape)', () => {
  const versionZero = {
    taskFolder: 'Work/Tasks',
    noteFolder: 'Work/Notes',
    eventFolder: 'Agenda',
    tz: 'Europe/Brussels',
    weekStartsOnSunday: true,
    logLevel: 'info',
  };

  it('moves every old field to its new place', () => {
    expect(upgradeSettings(versionZero)).toEqual({
      settingsVersion: SETTINGS_VERSION,
      timezone: 'Europe/Brussels',
      weekStart: 7,
      folders: folders('Work/Tasks', 'Work/Notes', 'Agenda'),
      logLevel: 'info',
      logModules: {},
      quarantineFolder: 'Kira/Quarantine',
      editDebounceMs: 1500,
      runaway: { maxWrites: 10, windowSeconds: 10 },
      googleClientId: '',
      calendarId: '',
      syncIntervalMinutes: 5,
      syncDirection: 'two-way',
      syncTasks: false,
      onCancelled: 'trash',
      calendarEndpoints: null,
    });
  });

  it('reads weekStartsOnSunday: false as Monday', () => {
    expect(upgradeSettings({ ...versionZero, weekStartsOnSunday: false }).weekStart).toBe(1);
  });

  it('fills fields the old shape lacks or got wrong with defaults', () => {
    const { settings, repairs } = readSettings({
      taskFolder: 'Work/Tasks',
      tz: 'Nowhere/Special',
      weekStartsOnSunday: 'yes',
    });

    expect(settings).toEqual(savedSettings({ folders: folders('Work/Tasks', 'Notes', 'Events') }));
    expect(repairs.map((repair) => repair.field)).toEqual(['timezone']);
  });

  it('keeps current field names when a save without a version already uses them', () => {
    const settings = upgradeSettings({ timezone: 'Asia/Tokyo', weekStart: 3 });

    expect(settings).toEqual(savedSettings({ timezone: 'Asia/Tokyo', weekStart: 3 }));
  });

  it('upgrades to settings that upgrade to themselves', () => {
    const upgraded = upgradeSettings(versionZero);

    expect(upgradeSettings(structuredClone(upgraded))).toEqual(upgraded);
  });
});

describe('the write path settings', () => {
  it('accept an edit delay within bounds and explain the bounds otherwise', () => {
    expect(checkWholeNumber('800', EDIT_DEBOUNCE_RANGE, 'The edit delay')).toEqual({
      ok: true,
      value: 800,
    });
    expect(messageOf(checkWholeNumber('50', EDIT_DEBOUNCE_RANGE, 'The edit delay'))).toBe(
      'The edit delay must be a whole number from 200 to 10000.',
    );
    expect(checkWholeNumber('1.5', EDIT_DEBOUNCE_RANGE, 'The edit delay').ok).toBe(false);
    expect(checkWholeNumber('', EDIT_DEBOUNCE_RANGE, 'The edit delay').ok).toBe(false);
  });

  it('keep the quarantine out of the entity folders', () => {
    const entityFolders = folders('Tasks', 'Notes', 'Events');

    expect(checkQuarantineFolder('Kira/Quarantine', entityFolders)).toEqual({
      ok: true,
      value: 'Kira/Quarantine',
    });
    expect(messageOf(checkQuarantineFolder('tasks/quarantine', entityFolders))).toBe(
      'The quarantine cannot be inside the task folder "Tasks".',
    );
  });

  it('replace a broken runaway block by its defaults when upgrading', () => {
    const { settings, repairs } = readSettings({
      settingsVersion: SETTINGS_VERSION,
      runaway: { maxWrites: 0, windowSeconds: 10 },
      editDebounceMs: 'soon',
    });

    expect(settings.runaway).toEqual({ maxWrites: 10, windowSeconds: 10 });
    expect(settings.editDebounceMs).toBe(1500);
    expect(repairs.map((repair) => repair.field).sort()).toEqual(['editDebounceMs', 'runaway']);
  });
});

describe('per-module log levels', () => {
  it('read "module=level" entries separated by commas or lines', () => {
    expect(checkLogModules('edit-guard=debug, queue=INFO\nsync=off')).toEqual({
      ok: true,
      value: { 'edit-guard': 'debug', queue: 'info', sync: 'off' },
    });
    expect(checkLogModules('')).toEqual({ ok: true, value: {} });
  });

  it('say which entry is wrong', () => {
    expect(messageOf(checkLogModules('queue=loud'))).toBe(
      'In "queue=loud": use one of error, warn, info, debug or off.',
    );
    expect(messageOf(checkLogModules('=debug'))).toContain('module name');
  });
});

describe('the calendar settings', () => {
  it('take a Google client id and refuse a pasted secret or spaces', () => {
    expect(checkClientId('  1234-abc.apps.googleusercontent.com ')).toEqual({
      ok: true,
      value: '1234-abc.apps.googleusercontent.com',
    });
    expect(messageOf(checkClientId('GOCSPX-abcdef'))).toContain('client secret');
    expect(messageOf(checkClientId('1234 abc'))).toContain('letters, digits, dots and dashes');
  });

  it('refuse a client secret with spaces or one that is a client id', () => {
    expect(checkClientSecret(' GOCSPX-abc ')).toEqual({ ok: true, value: 'GOCSPX-abc' });
    expect(messageOf(checkClientSecret('GOCSPX abc'))).toContain('no spaces');
    expect(messageOf(checkClientSecret('1-a.apps.googleusercontent.com'))).toContain('client ID');
  });

  it('keep an interval within bounds and a known direction when read back', () => {
    const saved = { syncIntervalMinutes: '15', syncDirection: 'pull', syncTasks: true };
    const { settings, repairs } = readSettings({ ...saved, onCancelled: 'shred' });

    expect(settings).toMatchObject({
      syncIntervalMinutes: 15,
      syncDirection: 'pull',
      syncTasks: true,
    });
    expect(settings.onCancelled).toBe('trash');
    expect(repairs.map((repair) => repair.field)).toEqual(['onCancelled']);
    expect(messageOf(checkSyncDirection('sideways'))).toContain('two-way, pull or push');
  });

  it('accept test endpoints on loopback only', () => {
    const loopback = { apiRootUrl: 'http://127.0.0.1:4100/', tokenUrl: 'http://localhost:4100/t' };

    expect(checkCalendarEndpoints(loopback)).toEqual({ ok: true, value: loopback });
    expect(messageOf(checkCalendarEndpoints({ tokenUrl: 'https://evil.example/token' }))).toContain(
      'calendarEndpoints.tokenUrl',
    );
    expect(upgradeSettings({ calendarEndpoints: { authUrl: 'https://x.example/' } })).toMatchObject(
      { calendarEndpoints: null },
    );
  });
});
