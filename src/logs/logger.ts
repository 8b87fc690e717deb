import type { Clock } from '../time/clock';
import { formatInstant } from '../time/instant';
import { LOG_LEVELS, type LogEventName, type LogLevel, type LogLine } from './log-line';

/** A module's threshold: the lowest level written, or `off`. */
export type LevelSetting = LogLevel | 'off';

/** Levels per module from the plugin's settings, e.g. `{ default: 'warn', modules: { sync: 'debug' } }`. */
export interface LogSettings {
  default: LevelSetting;
  modules: Record<string, LevelSetting>;
}

export const DEFAULT_LOG_SETTINGS: LogSettings = { default: 'warn', modules: {} };

/** The optional parts of a line, beside its event and message. */
export interface LogFields {
  correlation_id?: string;
  entity_id?: string;
  event_id?: string;
  source?: string;
  meta?: Record<string, unknown>;
}

/**
 * A module's logger. A call below the module's level costs one comparison; on a hot path,
 * guard the building of fields with `isEnabled` so that nothing is built either.
 */
export interface Logger {
  readonly module: string;
  isEnabled(level: LogLevel): boolean;
  debug(event: LogEventName, message: string, fields?: LogFields): void;
  info(event: LogEventName, message: string, fields?: LogFields): void;
  warn(event: LogEventName, message: string, fields?: LogFields): void;
  error(event: LogEventName, message: string, fields?: LogFields): void;
}

/** Where finished lines go. `write` must not throw and should not wait. */
export interface LogSink {
  write(line: LogLine): void;
}

const RANK: Record<LevelSetting, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };
const MODULE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Hands out one logger per module and keeps their levels in line with the settings:
 * `configure` changes every logger already handed out.
 */
export class LogHub {
  private settings: LogSettings;
  private readonly loggers = new Map<string, ModuleLogger>();

  constructor(
    private readonly clock: Clock,
    private readonly sink: LogSink,
    settings: LogSettings = DEFAULT_LOG_SETTINGS,
  ) {
    this.settings = settings;
  }

  logger(module: string): Logger {
    let logger = this.loggers.get(module);
    if (!logger) {
      logger = new ModuleLogger(module, this.thresholdOf(module), this.clock, this.sink);
      this.loggers.set(module, logger);
    }
    return logger;
  }

  configure(settings: LogSettings): void {
    this.settings = settings;
    for (const [module, logger] of this.loggers) logger.threshold = this.thresholdOf(module);
  }

  private thresholdOf(module: string): number {
    const { modules } = this.settings;
    const level = Object.hasOwn(modules, module) ? modules[module] : undefined;
    return RANK[level ?? this.settings.default];
  }
}

class ModuleLogger implements Logger {
  constructor(
    readonly module: string,
    public threshold: number,
    private readonly clock: Clock,
    private readonly sink: LogSink,
  ) {}

  isEnabled(level: LogLevel): boolean {
    return RANK[level] >= this.threshold;
  }

  debug(event: LogEventName, message: string, fields?: LogFields): void {
    if (this.threshold <= RANK.debug) this.emit('debug', event, message, fields);
  }

  info(event: LogEventName, message: string, fields?: LogFields): void {
    if (this.threshold <= RANK.info) this.emit('info', event, message, fields);
  }

  warn(event: LogEventName, message: string, fields?: LogFields): void {
    if (this.threshold <= RANK.warn) this.emit('warn', event, message, fields);
  }

  error(event: LogEventName, message: string, fields?: LogFields): void {
    if (this.threshold <= RANK.error) this.emit('error', event, message, fields);
  }

  private emit(level: LogLevel, event: LogEventName, message: string, fields?: LogFields): void {
    const ts = formatInstant(this.clock.now());
    this.sink.write({ ts, level, module: this.module, event, message, ...fields });
  }
}

/** A logger that writes nothing; the default where a logger is optional. */
export const silentLogger: Logger = {
  module: 'silent',
  isEnabled: () => false,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Keeps lines in memory; for tests and for reading back what a run logged. */
export class MemoryLogSink implements LogSink {
  readonly lines: LogLine[] = [];

  write(line: LogLine): void {
    this.lines.push(line);
  }
}

export type LogSettingsResult = { ok: true; value: LogSettings } | { ok: false; reasons: string[] };

/** Checks log levels typed in the settings tab or loaded from plugin data. */
export function validateLogSettings(input: unknown): LogSettingsResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reasons: ['log levels: expected { default, modules }'] };
  }

  const { default: fallback, modules } = input as Record<string, unknown>;
  const reasons: string[] = [];
  if (!isLevel(fallback)) reasons.push(`default: expected one of ${levelNames()}`);
  if (typeof modules !== 'object' || modules === null || Array.isArray(modules)) {
    reasons.push('modules: expected a map of module name to level');
  }

  const levels: Record<string, LevelSetting> = {};
  for (const [module, level] of Object.entries((modules ?? {}) as Record<string, unknown>)) {
    if (!MODULE_NAME.test(module)) reasons.push(`modules: "${module}" is not a module name`);
    else if (!isLevel(level)) reasons.push(`modules.${module}: expected one of ${levelNames()}`);
    else levels[module] = level;
  }

  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, value: { default: fallback as LevelSetting, modules: levels } };
}

function isLevel(value: unknown): value is LevelSetting {
  return value === 'off' || LOG_LEVELS.includes(value as LogLevel);
}

function levelNames(): string {
  return [...LOG_LEVELS, 'off'].join(', ');
}
