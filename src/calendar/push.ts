import { acknowledgePush, type RemoteVersion } from './apply';
import { type SyncContract, contractValue, readContract, stampLocalChange } from './contract';
import {
  type SyncContext,
  type SyncReport,
  baseFields,
  callGoogle,
  describeError,
  ledgerEntry,
  originFor,
} from './context';
import { resolveConflict } from './conflict';
import { CalendarSyncError } from './errors';
import { remoteIdFor } from './ids';
import {
  type SyncedFields,
  fieldsOfNote,
  insertBody,
  patchBody,
  projectFor,
  readRemoteEvent,
  sameFields,
} from './mapping';
import type { EntityNote } from './repository';
import type { OutboxEntry } from '../store/types';

/**
 * A note changed in the vault. When its synced fields differ from the version Google holds,
 * the change is stamped in the note (source kira, version up, `pending`) and queued in the
 * outbox. A change that only repeats what Kira imported is not pushed back. Resolves to
 * whether the note has a change waiting to go out.
 */
export async function noteChanged(context: SyncContext, entityId: string): Promise<boolean> {
  const note = await context.repository.get(entityId);
  if (!note) return false;
  const local = fieldsOfNote(note.kind, note.frontmatter, context.settings());
  if (local.state !== 'synced') return false;

  const reading = readContract(note.frontmatter);
  if (reading.state === 'invalid') {
    context.logger.warn(
      'validation_failed',
      `Not syncing ${entityId}: ${reading.reasons.join('; ')}`,
      {
        correlation_id: entityId,
        entity_id: entityId,
        meta: { reasons: reading.reasons },
      },
    );
    return false;
  }

  const contract = reading.state === 'valid' ? reading.contract : undefined;
  const isPending =
    contract?.pending === true || (await isChanged(context, note, contract, local.fields));
  if (!isPending) return false;

  // A pending note is stamped again: its latest change is what a conflict must weigh.
  if (!(await stamp(context, entityId))) return false;
  await queue(context, entityId);
  return true;
}

/** Whether the note's fields differ from the version its etag names (false when unknowable). */
async function isChanged(
  context: SyncContext,
  note: EntityNote,
  contract: SyncContract | undefined,
  local: SyncedFields,
): Promise<boolean> {
  if (!contract) return true;

  const ledger = await context.store.getLedger(contract.remote_id);
  const base = baseFields(ledger, contract.etag);
  if (base) return !sameFields(local, base);

  // Another device's sync wrote this version (a Kira write always leaves the note and Google
  // agreeing): take it as the base rather than push it back.
  if (
    ledger &&
    ledger.entity_id === note.id &&
    contract.version > ledger.version_seen &&
    contract.etag
  ) {
    const link = {
      remoteId: contract.remote_id,
      entityId: note.id,
      version: contract.version,
      etag: contract.etag,
    };
    await context.store.putLedger(ledgerEntry(context, link, local));
    return false;
  }
  // Nothing says what Google holds (the ledger was lost, or Kira runs on memory): only a change
  // the note marks as unsent goes out. Pushing every note would stamp it "now" and win every
  // conflict against edits made on Google meanwhile; the next pull compares the rest.
  return contract.pending === true;
}

/** Stamps a local change into the note; false when the note is gone or no longer syncs. */
async function stamp(context: SyncContext, entityId: string): Promise<boolean> {
  const remoteId = await remoteIdFor(entityId);
  const written = await context.repository.update(
    entityId,
    (note) => {
      const reading = readContract(note.frontmatter);
      if (reading.state === 'invalid') return null;
      const previous = reading.state === 'valid' ? reading.contract : undefined;

      const stamped = stampLocalChange(
        previous,
        previous?.remote_id ?? remoteId,
        context.clock.now(),
      );
      return { 'x-kira': contractValue(stamped) };
    },
    originFor(entityId),
  );
  return written !== undefined;
}

async function queue(context: SyncContext, entityId: string): Promise<void> {
  const entry: OutboxEntry = {
    calendar_id: context.api.calendarId,
    entity_id: entityId,
    changed_at: context.clock.now(),
    attempts: 0,
    last_error: null,
  };
  await context.store.putOutbox(entry);
}

/**
 * Sends every queued change. A transient failure leaves its entry queued (offline: the rest
 * too, untried, since they would fail the same way); any other failure of one item is
 * logged and the others go on. Fatal failures (sign-in, calendar gone) are thrown.
 */
export async function pushOutbox(context: SyncContext, report: SyncReport): Promise<void> {
  const entries = await context.store.listOutbox(context.api.calendarId);
  for (const [index, entry] of entries.entries()) {
    try {
      await pushEntity(context, entry.entity_id, report);
      await context.store.deleteOutbox(entry.calendar_id, entry.entity_id, entry.changed_at);
    } catch (error) {
      if (error instanceof CalendarSyncError && error.isFatal) throw error;
      if (error instanceof CalendarSyncError && error.isTransient) {
        await keepQueued(context, entry, error);
        if (error.code === 'offline') {
          report.waiting = entries.length - index;
          throw error;
        }
        continue;
      }

      report.skipped += 1;
      await context.store.deleteOutbox(entry.calendar_id, entry.entity_id, entry.changed_at);
      context.logger.error(
        'sync_failed',
        `Could not send ${entry.entity_id}: ${describeError(error)}`,
        {
          correlation_id: entry.entity_id,
          entity_id: entry.entity_id,
        },
      );
    }
  }
  report.waiting = (await context.store.listOutbox(context.api.calendarId)).length;
}

async function keepQueued(context: SyncContext, entry: OutboxEntry, error: CalendarSyncError) {
  const current = (await context.store.listOutbox(entry.calendar_id)).find(
    (queued) => queued.entity_id === entry.entity_id,
  );
  // A newer change queued meanwhile keeps its own time.
  const base = current ?? entry;
  await context.store.putOutbox({
    ...base,
    attempts: base.attempts + 1,
    last_error: error.message,
  });
}

/** Sends one note's pending change: an insert for a new event, else a patch with If-Match. */
export async function pushEntity(
  context: SyncContext,
  entityId: string,
  report: SyncReport,
  round = 0,
): Promise<void> {
  const note = await context.repository.get(entityId);
  if (!note) return;
  const local = fieldsOfNote(note.kind, note.frontmatter, context.settings());
  const reading = readContract(note.frontmatter);
  if (local.state !== 'synced' || reading.state !== 'valid' || !reading.contract.pending) {
    if (local.state === 'invalid' || reading.state === 'invalid') report.skipped += 1;
    return;
  }

  const contract = reading.contract;
  try {
    if (contract.etag === null) await insert(context, note, contract, local.fields, report);
    else await patch(context, note, contract, local.fields, report);
  } catch (error) {
    const isRace = error instanceof CalendarSyncError && error.code === 'precondition_failed';
    if (!isRace || round >= 3) throw error;
    await reconcile(context, note.id, contract.remote_id, report, round + 1);
  }
}

async function insert(
  context: SyncContext,
  note: EntityNote,
  contract: SyncContract,
  local: SyncedFields,
  report: SyncReport,
): Promise<void> {
  const settings = context.settings();
  const body = insertBody(
    local,
    { remoteId: contract.remote_id, entityId: note.id },
    settings,
    backLink(settings.vaultName, note),
  );
  try {
    const event = await callGoogle(context, () => context.api.insert(body));
    await acknowledgePush(context, note.id, event, local, note.kind);
    report.inserted += 1;
  } catch (error) {
    // The id is taken: an insert whose answer was lost, or another device's. Adopt it.
    if (!(error instanceof CalendarSyncError) || error.code !== 'duplicate') throw error;
    await reconcile(context, note.id, contract.remote_id, report, 1);
  }
}

async function patch(
  context: SyncContext,
  note: EntityNote,
  contract: SyncContract,
  local: SyncedFields,
  report: SyncReport,
): Promise<void> {
  const etag = contract.etag!;
  const ledger = await context.store.getLedger(contract.remote_id);
  const base = baseFields(ledger, etag);
  if (base && sameFields(local, base)) {
    // Changed and changed back before it went out: nothing to send.
    await acknowledgePush(context, note.id, { id: contract.remote_id, etag }, local, note.kind);
    return;
  }

  const body = patchBody(local, base, context.settings());
  const event = await callGoogle(context, () => context.api.patch(contract.remote_id, body, etag));
  await acknowledgePush(context, note.id, event, local, note.kind);
  report.patched += 1;
}

/**
 * Google holds another version than the note's base (a 412, or a 409 on insert): fetch it;
 * when it already holds the note's fields, adopt it; otherwise it is a conflict.
 */
async function reconcile(
  context: SyncContext,
  entityId: string,
  remoteId: string,
  report: SyncReport,
  round: number,
): Promise<void> {
  const event = await callGoogle(context, () => context.api.get(remoteId));
  const reading = readRemoteEvent(event, context.clock.now());
  const note = await context.repository.get(entityId);
  if (!note || !reading.ok) return;
  if (reading.isCancelled) {
    context.logger.warn(
      'sync_failed',
      `The event of ${entityId} was deleted on Google; the note stays.`,
      {
        correlation_id: entityId,
        entity_id: entityId,
        meta: { remote_id: remoteId },
      },
    );
    report.skipped += 1;
    return;
  }

  const remote: RemoteVersion = {
    id: reading.id,
    etag: reading.etag,
    updatedMs: reading.updatedMs,
    fields: projectFor(note.kind, reading.fields!),
  };
  const local = fieldsOfNote(note.kind, note.frontmatter, context.settings());
  const contract = readContract(note.frontmatter);
  if (local.state !== 'synced' || contract.state !== 'valid' || !contract.contract.pending) return;

  if (sameFields(local.fields, remote.fields)) {
    await acknowledgePush(context, entityId, event, local.fields, note.kind);
    return;
  }
  try {
    await resolveConflict(context, note, contract.contract, local.fields, remote, report);
  } catch (error) {
    const isRace = error instanceof CalendarSyncError && error.code === 'precondition_failed';
    if (!isRace || round >= 3) throw error;
    await reconcile(context, entityId, remoteId, report, round + 1);
  }
}

/** The description line of a new event: a link back to the note, and its Kira id. */
export function backLink(vaultName: string | undefined, note: EntityNote): string {
  const id = `Kira note: ${note.id}`;
  if (vaultName === undefined || vaultName === '') return id;

  const url = `obsidian://open?vault=${encodeURIComponent(vaultName)}&file=${encodeURIComponent(note.path)}`;
  return `${id}\n${url}`;
}
