import { type Temporal, formatInstant, parseTemporal } from '../time/instant';
import { isEstimate } from './estimate';
import { isValidId, parseId } from './ids';
import {
  type Frontmatter,
  type Kind,
  PRIORITIES,
  SYNC_KEY,
  TASK_STATUSES,
  isKind,
  isPriority,
  isTaskStatus,
} from './model';

/**
 * Entity validation: every problem of an entity's frontmatter at once, each tied to its field,
 * with a stable code callers can branch on and a plain message a user can act on.
 *
 * Unknown keys are allowed (users add their own). Values of any type are read without
 * throwing; only own properties are read, so keys like `__proto__` change nothing.
 */

export type ValidationCode =
  | 'not_an_object'
  | 'required'
  | 'wrong_type'
  | 'not_a_list'
  | 'invalid_id'
  | 'id_kind_mismatch'
  | 'kind_mismatch'
  | 'empty'
  | 'too_long'
  | 'bad_tag'
  | 'not_utc'
  | 'not_storage_format'
  | 'bad_time'
  | 'out_of_range'
  | 'in_future'
  | 'unknown_value'
  | 'needs_blocked_reason'
  | 'needs_done_ts'
  | 'bad_estimate'
  | 'bad_number'
  | 'self_link'
  | 'duplicate'
  | 'end_before_start'
  | 'mixed_all_day'
  | 'bad_email';

export interface ValidationIssue {
  /** The field at fault: `title`, `tags[2]`, `x-kira.version`; empty for the whole entity. */
  field: string;
  /**
   * Stable; from `validateEntity` always a `ValidationCode`. Typed as text so that callers can
   * list other problems of a note (a codec error, say) beside these.
   */
  code: ValidationCode | (string & {});
  message: string;
}

export interface ValidationOptions {
  /** The user's zone, used to say what a time without a zone would be in UTC. */
  zone: string;
  /** When given, instants Kira stamps may not be more than a day after it (clock skew). */
  now?: number;
}

export const MAX_TITLE_LENGTH = 200;

/** Fields that hold lists of entity ids, per kind. */
export const LINK_FIELDS: Record<Kind, readonly string[]> = {
  task: ['depends_on'],
  note: [],
  event: [],
};

const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2200;
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;
const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const STORED_DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const INSTANT_EXAMPLE = '2024-03-01T09:30:00Z';

interface Check {
  entity: Frontmatter;
  options: ValidationOptions;
  issues: ValidationIssue[];
}

/** Every problem of `frontmatter` as an entity of `kind`; an empty list when it is valid. */
export function validateEntity(
  frontmatter: Frontmatter,
  kind: Kind,
  options: ValidationOptions,
): ValidationIssue[] {
  if (!isRecord(frontmatter)) {
    return [issue('', 'not_an_object', 'The frontmatter is not a set of properties.')];
  }

  const check: Check = { entity: frontmatter, options, issues: [] };
  checkCommon(check, kind);
  if (kind === 'task') checkTask(check);
  if (kind === 'event') checkEvent(check);
  for (const field of LINK_FIELDS[kind]) checkLinks(check, field);
  return check.issues;
}

/** True when `validateEntity` finds nothing wrong. */
export function isValid(frontmatter: Frontmatter, kind: Kind, options: ValidationOptions): boolean {
  return validateEntity(frontmatter, kind, options).length === 0;
}

// ---- the fields of every entity ----

function checkCommon(check: Check, kind: Kind): void {
  checkId(check, kind);
  checkKindField(check, kind);
  checkTitle(check);
  checkInstant(check, 'created', { isRequired: true });
  checkInstant(check, 'updated', { isRequired: true });
  checkTags(check);
  checkSync(check);
}

function checkId(check: Check, kind: Kind): void {
  const id = read(check.entity, 'id');
  if (isBlank(id)) return report(check, 'id', 'required', 'The id is missing.');
  if (!isValidId(id)) {
    return report(
      check,
      'id',
      'invalid_id',
      `The id ${show(id)} is not a Kira id, which looks like ${kind}-20240301-0930-my-title.`,
    );
  }

  const idKind = parseId(id)?.kind;
  if (idKind !== kind) {
    report(
      check,
      'id',
      'id_kind_mismatch',
      `The id starts with "${idKind}" but this is a ${kind}.`,
    );
  }
}

function checkKindField(check: Check, kind: Kind): void {
  const value = read(check.entity, 'kind');
  if (isBlank(value) || value === kind) return;

  if (isKind(value)) {
    return report(check, 'kind', 'kind_mismatch', `The kind is "${value}" but this is a ${kind}.`);
  }
  report(check, 'kind', 'unknown_value', `The kind ${show(value)} is not task, note or event.`);
}

function checkTitle(check: Check): void {
  const title = read(check.entity, 'title');
  if (title === undefined || title === null) {
    return report(check, 'title', 'required', 'The title is missing.');
  }
  if (typeof title !== 'string') {
    return report(check, 'title', 'wrong_type', `The title must be text, not ${describe(title)}.`);
  }
  if (title.trim() === '') return report(check, 'title', 'empty', 'The title is empty.');
  if (isLongerThan(title, MAX_TITLE_LENGTH)) {
    report(
      check,
      'title',
      'too_long',
      `The title is longer than ${MAX_TITLE_LENGTH} characters; shorten it and keep the rest in the note.`,
    );
  }
}

function checkTags(check: Check): void {
  const tags = read(check.entity, 'tags');
  if (tags === undefined || tags === null) {
    return report(check, 'tags', 'required', 'The tags are missing; use an empty list, tags: [].');
  }
  if (typeof tags === 'string') {
    return report(
      check,
      'tags',
      'not_a_list',
      `The tags are the text ${show(tags)}; tags must be a list, with each tag as its own item.`,
    );
  }
  if (!Array.isArray(tags)) {
    return report(check, 'tags', 'wrong_type', `The tags must be a list, not ${describe(tags)}.`);
  }

  tags.forEach((tag: unknown, index) => {
    const field = `tags[${index}]`;
    if (typeof tag !== 'string') {
      report(check, field, 'wrong_type', `Each tag must be text, not ${describe(tag)}.`);
    } else if (tag.trim() === '') {
      report(check, field, 'empty', 'A tag is empty.');
    } else if (/\s/.test(tag)) {
      report(check, field, 'bad_tag', `The tag ${show(tag)} has a space; tags cannot.`);
    }
  });
}

function checkSync(check: Check): void {
  const sync = read(check.entity, SYNC_KEY);
  if (sync === undefined || sync === null) return;
  if (!isRecord(sync)) {
    return report(check, SYNC_KEY, 'wrong_type', `${SYNC_KEY} must be a set of properties.`);
  }

  const source = read(sync, 'source');
  if (!isBlank(source) && source !== 'kira' && source !== 'gcal') {
    report(
      check,
      `${SYNC_KEY}.source`,
      'unknown_value',
      `The sync source ${show(source)} is not kira or gcal.`,
    );
  }
  const version = read(sync, 'version');
  if (version !== undefined && !isWholeNumber(version)) {
    report(
      check,
      `${SYNC_KEY}.version`,
      'bad_number',
      'The sync version must be a whole number, 0 or more.',
    );
  }
  checkText(check, sync, `${SYNC_KEY}.remote_id`, 'remote_id');
  checkText(check, sync, `${SYNC_KEY}.etag`, 'etag');
  checkInstant(check, `${SYNC_KEY}.last_write_ts`, { from: sync, key: 'last_write_ts' });
}

// ---- tasks ----

function checkTask(check: Check): void {
  checkStatus(check);
  checkPriority(check);
  checkTemporal(check, 'due');
  for (const field of ['start_ts', 'done_ts', 'last_transition_at']) checkInstant(check, field);
  for (const status of TASK_STATUSES) checkInstant(check, `entered_${status}_at`);
  for (const field of ['blocked_reason', 'reopen_reason', 'assignee']) {
    checkText(check, check.entity, field, field);
  }
  checkEstimate(check, 'estimate');
  checkEstimate(check, 'frozen_estimate');
  checkTransitionCount(check);
  checkForcedTransition(check);
}

function checkStatus(check: Check): void {
  const status = read(check.entity, 'status');
  if (isBlank(status)) {
    return report(
      check,
      'status',
      'required',
      `The status is missing; use one of ${TASK_STATUSES.join(', ')}.`,
    );
  }
  if (!isTaskStatus(status)) {
    return report(
      check,
      'status',
      'unknown_value',
      `The status ${show(status)} is not one of ${TASK_STATUSES.join(', ')}.`,
    );
  }

  if (status === 'blocked' && !hasText(read(check.entity, 'blocked_reason'))) {
    report(
      check,
      'blocked_reason',
      'needs_blocked_reason',
      'A blocked task needs a blocked_reason.',
    );
  }
  if (status === 'done' && isBlank(read(check.entity, 'done_ts'))) {
    report(check, 'done_ts', 'needs_done_ts', 'A done task needs done_ts, the time it was done.');
  }
}

function checkPriority(check: Check): void {
  const priority = read(check.entity, 'priority');
  if (isBlank(priority) || isPriority(priority)) return;
  report(
    check,
    'priority',
    'unknown_value',
    `The priority ${show(priority)} is not one of ${PRIORITIES.join(', ')}.`,
  );
}

function checkEstimate(check: Check, field: string): void {
  const estimate = read(check.entity, field);
  if (isBlank(estimate) || isEstimate(estimate)) return;

  const hint =
    typeof estimate === 'number'
      ? `a number alone has no unit: write ${estimate}h or ${estimate}m`
      : 'write it like 2h, 30m, 1d or 1h30m';
  report(
    check,
    field,
    'bad_estimate',
    `The ${field} ${show(estimate)} is not an estimate; ${hint}.`,
  );
}

function checkTransitionCount(check: Check): void {
  const count = read(check.entity, 'transition_count');
  if (count === undefined || count === null || isWholeNumber(count)) return;
  report(
    check,
    'transition_count',
    'bad_number',
    `transition_count must be a whole number, 0 or more, not ${show(count)}.`,
  );
}

function checkForcedTransition(check: Check): void {
  const forced = read(check.entity, 'forced_transition');
  if (forced === undefined || forced === null) return;
  if (!isRecord(forced)) {
    return report(
      check,
      'forced_transition',
      'wrong_type',
      'forced_transition must be a set of properties.',
    );
  }

  for (const key of ['from', 'to', 'by', 'reason']) {
    checkText(check, forced, `forced_transition.${key}`, key);
  }
  checkInstant(check, 'forced_transition.at', { from: forced, key: 'at' });
}

// ---- events ----

function checkEvent(check: Check): void {
  const start = checkTemporal(check, 'start', { isRequired: true });
  const end = checkTemporal(check, 'end', { isRequired: true });
  if (start && end) checkEventSpan(check, start, end);

  checkText(check, check.entity, 'location', 'location');
  checkAttendees(check);
}

function checkEventSpan(check: Check, start: Temporal, end: Temporal): void {
  if (start.kind !== end.kind) {
    return report(
      check,
      'end',
      'mixed_all_day',
      'start and end must both be dates (an all-day event) or both dates with a time.',
    );
  }

  const isInOrder =
    start.kind === 'instant' ? end.stored > start.stored : end.stored >= start.stored;
  if (!isInOrder) {
    const after = start.kind === 'instant' ? 'after' : 'on or after';
    report(
      check,
      'end',
      'end_before_start',
      `The end (${end.stored}) must be ${after} the start (${start.stored}).`,
    );
  }
}

function checkAttendees(check: Check): void {
  const attendees = read(check.entity, 'attendees');
  if (attendees === undefined || attendees === null) return;
  if (!Array.isArray(attendees)) {
    return report(
      check,
      'attendees',
      'not_a_list',
      'The attendees must be a list of email addresses.',
    );
  }

  attendees.forEach((attendee: unknown, index) => {
    if (typeof attendee !== 'string' || attendee.length > 254 || !EMAIL.test(attendee)) {
      report(
        check,
        `attendees[${index}]`,
        'bad_email',
        `${show(attendee)} is not an email address.`,
      );
    }
  });
}

// ---- links ----

function checkLinks(check: Check, field: string): void {
  const links = read(check.entity, field);
  if (links === undefined || links === null) return;
  if (!Array.isArray(links)) {
    const what = typeof links === 'string' ? `the text ${show(links)}` : describe(links);
    return report(check, field, 'not_a_list', `${field} must be a list of ids, not ${what}.`);
  }

  const ownId = read(check.entity, 'id');
  const seen = new Set<string>();
  links.forEach((link: unknown, index) => {
    const at = `${field}[${index}]`;
    if (!isValidId(link)) report(check, at, 'invalid_id', `${show(link)} is not a Kira id.`);
    else if (link === ownId) report(check, at, 'self_link', 'An entity cannot link to itself.');
    else if (seen.has(link)) report(check, at, 'duplicate', `${link} is listed twice.`);
    if (typeof link === 'string') seen.add(link);
  });
}

// ---- time ----

interface FieldOptions {
  isRequired?: boolean;
  /** The record holding the value, when it is nested (`x-kira`); the entity otherwise. */
  from?: Frontmatter;
  key?: string;
}

/** Checks a field that must be a UTC instant in the storage format. */
function checkInstant(check: Check, field: string, options: FieldOptions = {}): void {
  const value = read(options.from ?? check.entity, options.key ?? field);
  const temporal = checkTime(check, field, value, options.isRequired === true);
  if (!temporal) return;

  if (temporal.kind === 'date') {
    return report(
      check,
      field,
      'bad_time',
      `${field} is a date; it needs a time too, like ${INSTANT_EXAMPLE}.`,
    );
  }
  const now = check.options.now;
  if (now !== undefined && temporal.ms > now + FUTURE_SLACK_MS) {
    report(check, field, 'in_future', `${field} (${temporal.stored}) is in the future.`);
  }
}

/** Checks a field that may be a date or a UTC instant; returns it when it is valid. */
function checkTemporal(check: Check, field: string, options: FieldOptions = {}): Temporal | null {
  const value = read(check.entity, field);
  return checkTime(check, field, value, options.isRequired === true);
}

function checkTime(
  check: Check,
  field: string,
  value: unknown,
  isRequired: boolean,
): Temporal | null {
  if (isBlank(value)) {
    if (isRequired) report(check, field, 'required', `${field} is missing.`);
    return null;
  }
  if (typeof value !== 'string') {
    report(
      check,
      field,
      'wrong_type',
      `${field} must be written as text like ${INSTANT_EXAMPLE}, not ${describe(value)}.`,
    );
    return null;
  }

  const stored = readStoredInstant(value) ?? readStoredDate(value);
  if (stored) return isInYearRange(stored) ? stored : outOfRange(check, field, stored);

  const parsed = parseTemporal(value, check.options.zone);
  if (!parsed.ok) {
    report(check, field, 'bad_time', `${field}: ${parsed.message}.`);
    return null;
  }

  const temporal = parsed.value;
  if (temporal.kind === 'instant' && !STORED_INSTANT.test(value)) {
    reportStorageForm(check, field, value, temporal.ms);
    return null;
  }
  return isInYearRange(temporal) ? temporal : outOfRange(check, field, temporal);
}

/** The common cases, checked without a date library: text already in the storage format. */
function readStoredInstant(value: string): Temporal | null {
  if (!STORED_INSTANT.test(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls impossible dates over (February 30 becomes March 1): compare back.
  return formatInstant(ms) === value ? { kind: 'instant', ms, stored: value } : null;
}

function readStoredDate(value: string): Temporal | null {
  if (!STORED_DATE.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms)) return null;
  return formatInstant(ms).startsWith(value) ? { kind: 'date', date: value, stored: value } : null;
}

function outOfRange(check: Check, field: string, temporal: Temporal): null {
  const range = `between ${EARLIEST_YEAR} and ${LATEST_YEAR}`;
  report(check, field, 'out_of_range', `${field} (${temporal.stored}) is not ${range}.`);
  return null;
}

function reportStorageForm(check: Check, field: string, value: string, ms: number): void {
  const utc = formatInstant(ms);
  const isUtcAlready = /(?:z|[+-]00:?00)$/i.test(value.trim());
  if (isUtcAlready) {
    return report(
      check,
      field,
      'not_storage_format',
      `${field} must be written as ${utc}, with seconds and a final Z.`,
    );
  }

  const hasZone = /[+-]\d{2}(?::?\d{2})?$/.test(value.trim());
  const reading = hasZone
    ? `is not in UTC; Kira stores times in UTC: write ${utc}`
    : `has no time zone; Kira stores times in UTC, and in ${check.options.zone} this is ${utc}`;
  report(check, field, 'not_utc', `${field} ${show(value)} ${reading}.`);
}

function isInYearRange(temporal: Temporal): boolean {
  const year = Number(temporal.stored.slice(0, 4));
  return temporal.stored.length >= 10 && year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

// ---- small readers ----

function checkText(check: Check, from: Frontmatter, field: string, key: string): void {
  const value = read(from, key);
  if (value === undefined || value === null || typeof value === 'string') return;
  report(check, field, 'wrong_type', `${field} must be text, not ${describe(value)}.`);
}

/** An own property only: inherited names (`constructor`, `__proto__`) read as absent. */
function read(record: Frontmatter, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function isRecord(value: unknown): value is Frontmatter {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent, or left empty (as Obsidian's property editor leaves a cleared field). */
function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function isWholeNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Counts code points, not UTF-16 units, and stops early on huge text. */
function isLongerThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let count = 0;
  for (const _ of text) {
    count += 1;
    if (count > limit) return true;
  }
  return false;
}

function report(check: Check, field: string, code: ValidationCode, message: string): void {
  check.issues.push(issue(field, code, message));
}

function issue(field: string, code: ValidationCode, message: string): ValidationIssue {
  return { field, code, message };
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date object';
  if (typeof value === 'object') return 'a set of properties';
  return `a ${typeof value}`;
}

/** A value as a user would recognize it in a message, clipped so huge values stay readable. */
function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return describe(value);
  const clipped = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(clipped);
}
