import { isValidId } from '../entities/ids';
import { newEntity } from '../entities/new-entity';
import { isWriteError } from '../queue/errors';
import { formatInstant } from '../time/instant';
import { type RemoteVersion, importChanges, importInto, recordAgreement } from './apply';
import { contractValue, readContract, stampImport } from './contract';
import {
  type SyncContext,
  type SyncReport,
  baseFields,
  callGoogle,
  describeError,
  originFor,
} from './context';
import { resolveConflict } from './conflict';
import { CalendarSyncError } from './errors';
import { importedEntityId } from './ids';
import {
  type RemoteReading,
  eventNoteFields,
  fieldsOfNote,
  importedBody,
  projectFor,
  readRemoteEvent,
  sameFields,
} from './mapping';
import type { EntityNote } from './repository';
import type { ListRequest } from './client';

type RemoteEventReading = Extract<RemoteReading, { ok: true }>;

/**
 * Pulls what changed on Google since the stored sync token, or, without one, the events of
 * the configured window, page by page; keeps the new sync token only when every item was
 * taken in (so that nothing a transient failure left out is skipped for good: items already
 * taken in are echoes the next time). A 410 drops the token and lists in full again; the
 * ledger and the ids make that idempotent.
 */
export async function pull(context: SyncContext, report: SyncReport): Promise<void> {
  const calendarId = context.api.calendarId;
  const token = await context.store.getSyncToken(calendarId);
  if (token !== null) {
    try {
      return await listAndApply(context, { syncToken: token }, report);
    } catch (error) {
      if (!(error instanceof CalendarSyncError) || error.code !== 'sync_token_expired') throw error;
      context.logger.info('resync', 'The sync token expired; listing the calendar in full.', {
        meta: { calendar: calendarId },
      });
      await context.store.setSyncToken(calendarId, null);
    }
  }

  report.isFullSync = true;
  await listAndApply(context, windowOf(context), report);
}

function windowOf(context: SyncContext): Omit<ListRequest, 'maxResults'> {
  const settings = context.settings();
  const now = context.clock.now();
  const day = 86_400_000;
  return {
    timeMin: new Date(now - settings.windowPastDays * day).toISOString(),
    timeMax: new Date(now + settings.windowFutureDays * day).toISOString(),
  };
}

async function listAndApply(
  context: SyncContext,
  request: Omit<ListRequest, 'maxResults'>,
  report: SyncReport,
): Promise<void> {
  let pageToken: string | undefined;
  let isComplete = true;
  for (;;) {
    const pageRequest: ListRequest = { ...request, maxResults: context.settings().pageSize };
    if (pageToken !== undefined) pageRequest.pageToken = pageToken;
    const page = await callGoogle(context, () => context.api.list(pageRequest));
    report.pages += 1;

    for (const item of page.items) {
      if (!(await applyItem(context, item, report))) isComplete = false;
    }

    if (page.nextPageToken !== undefined) {
      pageToken = page.nextPageToken;
      continue;
    }
    if (isComplete && page.nextSyncToken !== undefined) {
      await context.store.setSyncToken(context.api.calendarId, page.nextSyncToken);
    }
    return;
  }
}

/** Takes in one item; false when a transient failure means it must be listed again. */
async function applyItem(
  context: SyncContext,
  item: unknown,
  report: SyncReport,
): Promise<boolean> {
  const reading = readRemoteEvent(item, context.clock.now());
  if (!reading.ok) {
    report.skipped += 1;
    context.logger.warn(
      'validation_failed',
      `Skipped an event Google sent: ${reading.reasons.join('; ')}`,
      {
        source: 'gcal',
        correlation_id: `calendar:${reading.id ?? 'unknown'}`,
        meta: { remote_id: reading.id, reasons: reading.reasons },
      },
    );
    return true;
  }

  try {
    await applyRemote(context, reading, report);
    return true;
  } catch (error) {
    if (error instanceof CalendarSyncError && error.isFatal) throw error;
    const isTransient = !isTakenIn(error);
    if (!isTransient) report.skipped += 1;
    context.logger.error(
      'sync_failed',
      `Could not take in event ${reading.id}: ${describeError(error)}`,
      {
        source: 'gcal',
        correlation_id: `calendar:${reading.id}`,
        meta: { remote_id: reading.id, transient: isTransient },
      },
    );
    return !isTransient;
  }
}

/**
 * Whether a failed item counts as taken in, so that the sync token may move past it: only
 * when trying again cannot help. A version validation refused is already in the quarantine;
 * a Google error that is not transient will not change. Anything else (a busy file, the
 * runaway guard, a note that vanished, an error Kira does not know) is tried again on the
 * next sync, or the remote change would never reach the note.
 */
function isTakenIn(error: unknown): boolean {
  if (error instanceof CalendarSyncError) return !error.isTransient;
  return isWriteError(error, 'invalid', 'unparsable');
}

/** Takes one remote event into its note: create, import, echo, conflict or cancel. */
export async function applyRemote(
  context: SyncContext,
  reading: RemoteEventReading,
  report: SyncReport,
  round = 0,
): Promise<void> {
  if (reading.isCancelled) return applyCancel(context, reading, report);

  const entityId = await locate(context, reading);
  const note = await context.repository.get(entityId);
  if (!note) return createFromRemote(context, entityId, reading, report);

  const outcome = await applyToNote(context, note, reading, report);
  if (outcome === 'raced' && round < 3) await applyRemote(context, reading, report, round + 1);
}

/** The entity a remote event belongs to: by the ledger, the event's Kira id, or its own id. */
async function locate(context: SyncContext, reading: RemoteEventReading): Promise<string> {
  const linked = await context.store.getLedger(reading.id);
  if (linked) return linked.entity_id;

  if (reading.kiraId !== undefined && isValidId(reading.kiraId)) {
    const claimed = await context.repository.get(reading.kiraId);
    if (claimed || reading.kiraId.startsWith('event-')) return reading.kiraId;
  }
  return importedEntityId(context.api.calendarId, reading.id, reading.createdMs);
}

async function applyToNote(
  context: SyncContext,
  note: EntityNote,
  reading: RemoteEventReading,
  report: SyncReport,
): Promise<'done' | 'raced'> {
  const remote: RemoteVersion = {
    id: reading.id,
    etag: reading.etag,
    updatedMs: reading.updatedMs,
    fields: projectFor(note.kind, reading.fields!),
  };
  const contractReading = readContract(note.frontmatter);
  const local = fieldsOfNote(note.kind, note.frontmatter, context.settings());
  if (contractReading.state !== 'valid' || local.state !== 'synced') {
    return repairFromRemote(context, note, remote, report, contractReading, local);
  }

  const contract = contractReading.contract;
  const ledger = await context.store.getLedger(reading.id);
  if (contract.etag === reading.etag) {
    report.echoes += 1;
    context.logger.debug('echo_skipped', `"${remote.fields.title}" is already in the note.`, {
      correlation_id: note.id,
      entity_id: note.id,
      meta: { remote_id: reading.id, etag: reading.etag },
    });
    if (ledger?.etag_seen !== reading.etag) await recordAgreement(context, note, remote);
    return 'done';
  }

  const isSameVersion = (current: EntityNote) => {
    const now = readContract(current.frontmatter);
    return now.state === 'valid' && now.contract.version === contract.version;
  };
  if (sameFields(local.fields, remote.fields)) {
    // The note holds this version already (another device pushed it, or only fields Kira
    // does not sync changed): adopt the etag, no conflict.
    report.echoes += 1;
    context.logger.debug('echo_skipped', `"${remote.fields.title}" changed nothing Kira syncs.`, {
      correlation_id: note.id,
      entity_id: note.id,
      meta: { remote_id: reading.id, etag: reading.etag },
    });
    const outcome = await importInto(context, note.id, remote, isSameVersion);
    if (outcome === 'written') await context.store.deleteOutbox(context.api.calendarId, note.id);
    return outcome === 'raced' ? 'raced' : 'done';
  }

  // Without a base (the ledger was lost) nothing says the note still holds what was last
  // synced: its fields differ from Google's, so take it as changed and let the conflict rule
  // decide, keeping the loser, rather than write over it.
  const base = baseFields(ledger, contract.etag);
  const isDirty =
    contract.pending === true || base === undefined || !sameFields(local.fields, base);
  if (isDirty) {
    await resolveConflict(context, note, contract, local.fields, remote, report);
    return 'done';
  }

  const outcome = await importInto(context, note.id, remote, isSameVersion);
  if (outcome === 'written') {
    report.imported += 1;
    context.logger.info('upsert', `Took in "${remote.fields.title}" from Google.`, {
      correlation_id: note.id,
      entity_id: note.id,
      source: 'gcal',
      meta: { remote_id: reading.id, etag: reading.etag },
    });
  }
  return outcome === 'raced' ? 'raced' : 'done';
}

/**
 * A note whose `x-kira` or synced fields were edited into something unusable: its text goes
 * to the quarantine (kind `invalid`, with the reasons) and Google's version is written over
 * the synced fields, with a fresh contract; versions keep rising from what the ledger saw.
 */
async function repairFromRemote(
  context: SyncContext,
  note: EntityNote,
  remote: RemoteVersion,
  report: SyncReport,
  contract: ReturnType<typeof readContract>,
  local: ReturnType<typeof fieldsOfNote>,
): Promise<'done' | 'raced'> {
  if (local.state === 'unsynced') {
    report.skipped += 1;
    context.logger.warn(
      'validation_failed',
      `${note.id} is linked to an event but does not sync.`,
      {
        correlation_id: note.id,
        entity_id: note.id,
        meta: { remote_id: remote.id, kind: note.kind },
      },
    );
    return 'done';
  }

  const reasons = [
    ...(contract.state === 'invalid' ? contract.reasons : []),
    ...(local.state === 'invalid' ? local.reasons : []),
  ];
  if (reasons.length > 0) {
    await context.quarantine.add({
      kind: 'invalid',
      entity_id: note.id,
      path: note.path,
      reason: `Kira could not read this note's sync fields, so Google's version was written over them: ${reasons.join('; ')}`,
      errors: reasons.map((message) => ({
        field: message.split(':')[0] ?? '',
        code: 'invalid',
        message,
      })),
      original: note.text,
      source: 'sync',
      correlation_id: note.id,
    });
    context.logger.warn('quarantine', `Repaired the sync fields of ${note.id} from Google.`, {
      correlation_id: note.id,
      entity_id: note.id,
      meta: { reasons },
    });
  }

  const ledger = await context.store.getLedger(remote.id);
  const unchanged = note.text;
  const outcome = await importInto(
    context,
    note.id,
    remote,
    (current) => current.text === unchanged,
    ledger?.version_seen ?? 0,
  );
  if (outcome === 'written') report.imported += 1;
  return outcome === 'raced' ? 'raced' : 'done';
}

async function createFromRemote(
  context: SyncContext,
  entityId: string,
  reading: RemoteEventReading,
  report: SyncReport,
): Promise<void> {
  if (context.settings().direction === 'push') return;

  const fields = reading.fields!;
  const remote: RemoteVersion = {
    id: reading.id,
    etag: reading.etag,
    updatedMs: reading.updatedMs,
    fields,
  };
  const contract = stampImport(undefined, reading.id, reading.etag, reading.updatedMs);
  const frontmatter = newEntity('event', fields.title, context.clock, {
    id: entityId,
    fields: { ...eventNoteFields(fields), 'x-kira': contractValue(contract) },
  });
  const { body, isCut } = importedBody(reading.description);
  if (isCut) {
    context.logger.info('upsert', `The description of "${fields.title}" was cut to fit the note.`, {
      correlation_id: entityId,
      entity_id: entityId,
      meta: { remote_id: reading.id, length: reading.description?.length },
    });
  }

  const note = await context.repository.createOrUpdate(
    entityId,
    { kind: 'event', frontmatter, body },
    (existing) => importChanges(context, existing, remote),
    originFor(entityId),
  );
  await recordAgreement(context, note, remote);
  report.created += 1;
  context.logger.info('upsert', `Made a note for "${fields.title}" from Google.`, {
    correlation_id: entityId,
    entity_id: entityId,
    source: 'gcal',
    meta: { remote_id: reading.id, created: formatInstant(reading.createdMs) },
  });
}

/**
 * A cancelled event moves its note to the trash, or tags it `cancelled` (by setting); never a
 * hard delete. A change in the note that had not gone out yet is kept in the quarantine.
 */
async function applyCancel(
  context: SyncContext,
  reading: RemoteEventReading,
  report: SyncReport,
): Promise<void> {
  const linked = await context.store.getLedger(reading.id);
  if (!linked) return;

  const entityId = linked.entity_id;
  const note = await context.repository.get(entityId);
  if (note) {
    await keepUnsentChange(context, note);
    await retire(context, note, reading);
    report.cancelled += 1;
  }
  await context.store.deleteLedger(reading.id);
  await context.store.deleteOutbox(context.api.calendarId, entityId);
}

async function keepUnsentChange(context: SyncContext, note: EntityNote): Promise<void> {
  const reading = readContract(note.frontmatter);
  if (reading.state !== 'valid' || !reading.contract.pending) return;

  await context.quarantine.add({
    kind: 'conflict',
    entity_id: note.id,
    path: note.path,
    reason:
      'The event was deleted on Google while this change waited to go out; restore it to keep the note.',
    errors: [],
    original: note.text,
    source: 'sync',
    correlation_id: note.id,
  });
}

async function retire(
  context: SyncContext,
  note: EntityNote,
  reading: RemoteEventReading,
): Promise<void> {
  const origin = originFor(note.id);
  const message = `"${String(note.frontmatter.title)}" was cancelled on Google.`;
  context.logger.info('cancelled', message, {
    correlation_id: note.id,
    entity_id: note.id,
    source: 'gcal',
  });

  if (context.settings().onCancelled === 'trash') {
    await context.repository.trash(note.id, origin);
    return;
  }
  await context.repository.update(
    note.id,
    (current) => {
      const tags = Array.isArray(current.frontmatter.tags)
        ? (current.frontmatter.tags as unknown[])
        : [];
      const contract = readContract(current.frontmatter);
      const previous = contract.state === 'valid' ? contract.contract : undefined;
      const stamp = stampImport(previous, reading.id, reading.etag, reading.updatedMs);
      return {
        tags: tags.includes('cancelled') ? tags : [...tags, 'cancelled'],
        'x-kira': contractValue(stamp),
      };
    },
    origin,
  );
}
