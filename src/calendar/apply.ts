import { editNote, type FrontmatterChanges } from '../frontmatter';
import { formatInstant } from '../time/instant';
import {
  type SyncContract,
  contractValue,
  readContract,
  stampImport,
  stampPushed,
} from './contract';
import { type SyncContext, ledgerEntry, originFor } from './context';
import {
  type SyncedFields,
  fieldsOfNote,
  noteChangesFor,
  projectFor,
  readRemoteEvent,
  sameFields,
} from './mapping';
import type { EntityNote } from './repository';
import type { RemoteEvent } from './client';

/** A remote event read and projected for one note. */
export interface RemoteVersion {
  id: string;
  etag: string;
  updatedMs: number;
  fields: SyncedFields;
}

/**
 * The frontmatter changes that make `note` hold the remote version, with an import stamp
 * (source gcal, version up, the etag), or null when the note holds that version already.
 */
export function importChanges(
  context: SyncContext,
  note: EntityNote,
  remote: RemoteVersion,
  floorVersion = 0,
): FrontmatterChanges | null {
  const reading = readContract(note.frontmatter);
  const contract = reading.state === 'valid' ? reading.contract : undefined;
  if (contract?.etag === remote.etag && !contract.pending) return null;

  const current = fieldsOfNote(note.kind, note.frontmatter, context.settings());
  const currentFields = current.state === 'synced' ? current.fields : undefined;
  const changes = noteChangesFor(note.kind, note.frontmatter, remote.fields, currentFields);
  if (Object.keys(changes).length > 0) changes.updated = formatInstant(context.clock.now());

  const stamp = stampImport(contract, remote.id, remote.etag, remote.updatedMs, floorVersion);
  changes['x-kira'] = contractValue(stamp);
  return changes;
}

/**
 * Writes the remote version into the note. `isStillWanted` runs on the note as it is at the
 * moment of writing; when it says no (the note changed since the decision), nothing is
 * written and `'raced'` comes back, so the caller decides again.
 */
export async function importInto(
  context: SyncContext,
  entityId: string,
  remote: RemoteVersion,
  isStillWanted: (note: EntityNote) => boolean,
  floorVersion = 0,
): Promise<'written' | 'unchanged' | 'raced' | 'missing'> {
  let outcome: 'written' | 'unchanged' | 'raced' = 'unchanged';
  const written = await context.repository.update(
    entityId,
    (note) => {
      if (!isStillWanted(note)) {
        outcome = 'raced';
        return null;
      }
      const changes = importChanges(context, note, remote, floorVersion);
      if (changes) outcome = 'written';
      return changes;
    },
    originFor(entityId),
  );
  if (!written) return 'missing';

  await recordAgreement(context, written, remote);
  return outcome;
}

/** Updates the ledger after the note and Google agree on `remote`. */
export async function recordAgreement(
  context: SyncContext,
  note: EntityNote,
  remote: RemoteVersion,
): Promise<void> {
  const reading = readContract(note.frontmatter);
  if (reading.state !== 'valid' || reading.contract.etag !== remote.etag) return;

  const link = {
    remoteId: remote.id,
    entityId: note.id,
    version: reading.contract.version,
    etag: remote.etag,
  };
  await context.store.putLedger(ledgerEntry(context, link, remote.fields));
}

/**
 * Records that the note's pending change is on Google as `event`. When the user changed the
 * note again meanwhile, the new change stays pending, now based on the new etag.
 */
export async function acknowledgePush(
  context: SyncContext,
  entityId: string,
  event: RemoteEvent,
  pushed: SyncedFields,
  kind: EntityNote['kind'],
): Promise<EntityNote | undefined> {
  const remote = toRemoteVersion(context, event, pushed, kind);
  const written = await context.repository.update(
    entityId,
    (note) => {
      const reading = readContract(note.frontmatter);
      if (reading.state !== 'valid') return null;

      const current = fieldsOfNote(note.kind, note.frontmatter, context.settings());
      const isNewer = current.state === 'synced' && !sameFields(current.fields, pushed);
      const acknowledged: SyncContract = stampPushed(reading.contract, remote.etag);
      if (isNewer) acknowledged.pending = true;
      return { 'x-kira': contractValue(acknowledged) };
    },
    originFor(entityId),
  );
  if (written) await recordAgreement(context, written, remote);
  return written;
}

/**
 * The remote version of an event Kira just wrote or fetched, projected for the note's kind.
 * `fallback` stands in for fields Google's answer does not let Kira read.
 */
export function toRemoteVersion(
  context: SyncContext,
  event: RemoteEvent,
  fallback: SyncedFields,
  kind: EntityNote['kind'] = 'event',
): RemoteVersion {
  const reading = readRemoteEvent(event, context.clock.now());
  if (!reading.ok) {
    return {
      id: String(event.id ?? ''),
      etag: String(event.etag ?? ''),
      updatedMs: context.clock.now(),
      fields: fallback,
    };
  }
  const fields = reading.fields ? projectFor(kind, reading.fields) : fallback;
  return { id: reading.id, etag: reading.etag, updatedMs: reading.updatedMs, fields };
}

/** The note's text as it would be with the remote version imported: a conflict's loser. */
export function textWithRemote(
  context: SyncContext,
  note: EntityNote,
  remote: RemoteVersion,
): string {
  const changes = importChanges(context, note, remote) ?? {};
  try {
    return editNote(note.text, changes);
  } catch {
    // A note the codec cannot edit still has its own text kept; the remote side is in the log.
    return note.text;
  }
}
