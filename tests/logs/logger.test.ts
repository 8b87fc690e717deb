import { LogHub, MemoryLogSink, validateLogSettings } from '../../src/logs/logger';
import { pinnedTime } from '../events/builders';

function makeHub(settings = { default: 'warn' as const, modules: { sync: 'debug' as const } }) {
  const { clock } = pinnedTime();
  const sink = new MemoryLogSink();
  return { hub: new LogHub(clock, sink, settings), sink, clock };
}

describe('module loggers', () => {
  it('write a structured line stamped with the clock', () => {
    const { hub, sink } = makeHub();
    hub.logger('ingress').warn('validation_failed', 'Refused', {
      source: 'vault',
      correlation_id: 'c1',
      meta: { n: 1 },
    });

    expect(sink.lines).toEqual([
      {
        ts: '2024-05-01T09:30:00Z',
        level: 'warn',
        module: 'ingress',
        event: 'validation_failed',
        message: 'Refused',
        source: 'vault',
        correlation_id: 'c1',
        meta: { n: 1 },
      },
    ]);
  });

  it('write only at or above the module’s level', () => {
    const { hub, sink } = makeHub();
    const ingress = hub.logger('ingress');
    const sync = hub.logger('sync');
    ingress.info('ingress', 'hidden');
    ingress.error('consumer_failed', 'shown');
    sync.debug('upsert', 'shown too');

    expect(sink.lines.map((line) => `${line.module}:${line.message}`)).toEqual([
      'ingress:shown',
      'sync:shown too',
    ]);
    expect(ingress.isEnabled('info')).toBe(false);
    expect(sync.isEnabled('debug')).toBe(true);
  });

  it('follow new settings, including loggers handed out before', () => {
    const { hub, sink } = makeHub();
    const ingress = hub.logger('ingress');
    hub.configure({ default: 'off', modules: { ingress: 'debug' } });
    ingress.debug('ingress', 'now visible');
    hub.logger('sync').error('conflict', 'now silent');

    expect(sink.lines.map((line) => line.message)).toEqual(['now visible']);
  });

  it('are not fooled by a module named like an Object method', () => {
    const { hub, sink } = makeHub();
    hub.logger('constructor').warn('x', 'kept');
    hub.logger('toString').info('x', 'dropped');
    expect(sink.lines.map((line) => line.message)).toEqual(['kept']);
  });
});

describe('log level settings', () => {
  it('accept levels per module', () => {
    expect(
      validateLogSettings({ default: 'warn', modules: { sync: 'debug', ingress: 'off' } }),
    ).toEqual({
      ok: true,
      value: { default: 'warn', modules: { sync: 'debug', ingress: 'off' } },
    });
  });

  it('say what is wrong', () => {
    const result = validateLogSettings({
      default: 'loud',
      modules: { Sync: 'debug', store: 'verbose' },
    });
    expect(result).toEqual({
      ok: false,
      reasons: [
        'default: expected one of debug, info, warn, error, off',
        'modules: "Sync" is not a module name',
        'modules.store: expected one of debug, info, warn, error, off',
      ],
    });
    expect(validateLogSettings(null).ok).toBe(false);
  });
});
