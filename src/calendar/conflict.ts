import { formatInstant } from '../time/instant';
import { importInto, textWithRemote, type RemoteVersion } from './apply';
import { type SyncContract, lastWriteMs, readContract } from './contract';
import { type SyncContext, type SyncReport, callGoogle } from './context';
import { type SyncedFields, patchBody } from './mapping';
import type { EntityNote } from './repository';
import { acknowledgePush } from './apply';

/**
 * Latest wins. A conflict is a note with a change not yet on Google (`pending`) while Google
 * holds a version other than the one the change was made on. The side written last wins:
 * the note's `last_write_ts` (or, for a change not yet stamped, the file's modification time)
 * against the remote `updated`; on a tie Google wins, so that every
 * device decides the same. The losing version is kept whole in the quarantine (kind
 * `conflict`, restorable), and both sides are logged under the note's id as correlation id.
 *
 * In `pull` direction Google always wins: nothing local goes out.
 */
export async function resolveConflict(
  context: SyncContext,
  note: EntityNote,
  contract: SyncContract,
  local: SyncedFields,
  remote: RemoteVersion,
  report: SyncReport,
): Promise<void> {
  // A change stamped `pending` carries its own time; one the sync found by comparing fields
  // is not stamped yet, and only the file's time says when it was made.
  const localMs = contract.pending
    ? lastWriteMs(contract)
    : (note.modifiedMs ?? lastWriteMs(contract));
  const isLocalWinner = context.settings().direction !== 'pull' && localMs > remote.updatedMs;
  const sides = {
    local_ts: contract.last_write_ts,
    remote_ts: new Date(remote.updatedMs).toISOString(),
    remote_id: remote.id,
    winner: isLocalWinner ? 'kira' : 'gcal',
  };
  context.logger.warn('conflict', `"${local.title}" changed in Kira and on Google.`, {
    correlation_id: note.id,
    entity_id: note.id,
    source: 'kira',
    meta: { ...sides, fields: local },
  });
  context.logger.warn('conflict', `Google's side of "${remote.fields.title}".`, {
    correlation_id: note.id,
    entity_id: note.id,
    source: 'gcal',
    meta: { ...sides, fields: remote.fields },
  });
  report.conflicts += 1;

  if (isLocalWinner) await keepLocal(context, note, local, remote);
  else await keepRemote(context, note, contract, remote);
}

async function keepLocal(
  context: SyncContext,
  note: EntityNote,
  local: SyncedFields,
  remote: RemoteVersion,
): Promise<void> {
  const changedAt = formatInstant(remote.updatedMs);
  await context.quarantine.add({
    kind: 'conflict',
    entity_id: note.id,
    path: note.path,
    reason: `Google's version (changed ${changedAt}) lost to a later change in Kira; restore this to take Google's version.`,
    errors: [],
    original: textWithRemote(context, note, remote),
    source: 'sync',
    correlation_id: note.id,
  });

  const body = patchBody(local, remote.fields, context.settings());
  const event = await callGoogle(context, () => context.api.patch(remote.id, body, remote.etag));
  await acknowledgePush(context, note.id, event, local, note.kind);
}

async function keepRemote(
  context: SyncContext,
  note: EntityNote,
  contract: SyncContract,
  remote: RemoteVersion,
): Promise<void> {
  await context.quarantine.add({
    kind: 'conflict',
    entity_id: note.id,
    path: note.path,
    reason: `This version (changed in Kira ${contract.last_write_ts}) lost to a later change on Google; restore it to take it back.`,
    errors: [],
    original: note.text,
    source: 'sync',
    correlation_id: note.id,
  });

  // Only over the very version that lost: a newer local edit is decided afresh next time.
  const isSameLoser = (current: EntityNote) => {
    const reading = readContract(current.frontmatter);
    return reading.state === 'valid' && reading.contract.version === contract.version;
  };
  await importInto(context, note.id, remote, isSameLoser);
  await context.store.deleteOutbox(context.api.calendarId, note.id);
}
