import { isTaskStatus, SYNC_KEY } from '../entities/model';
import { editNote, parseNote } from '../frontmatter';
import type { QuarantineItem } from '../quarantine/item';
import { transition } from '../tasks/state-machine';
import type { Clock } from '../time/clock';

/** Who a restore from the quarantine is recorded as, in `forced_transition.by`. */
export const RESTORE_ACTOR = 'quarantine restore';

/**
 * The text to write back when the user restores a kept version.
 *
 * The losing side of a sync conflict goes back with the note's current `x-kira` block: the
 * kept block describes a version the calendar has moved past, and restoring it would make the
 * restored text look older than what Google holds. The caller then treats the restore as a
 * user edit, so that it is sent to the calendar.
 *
 * Most kept versions go back as they were. A refused status change is different: writing it
 * back as it was would step around the task lifecycle without a trace. So it goes back as a
 * recorded forced transition from the note's current status: the kept text, with the
 * lifecycle fields of that transition (`forced_transition`, `entered_<status>_at`,
 * `transition_count`, ...) applied on top.
 *
 * @throws CodecError when the kept or the current text cannot be read as a note.
 */
export function restoredText(
  item: Pick<QuarantineItem, 'kind' | 'original' | 'reason'>,
  current: string,
  clock: Clock,
): string {
  if (item.kind === 'conflict') return withCurrentSyncState(item.original, current);
  if (item.kind !== 'rejected_transition') return item.original;

  const kept = parseNote(item.original);
  const now = parseNote(current);
  if (!kept.ok) throw kept.error;
  if (!now.ok) throw now.error;

  const target = kept.note.frontmatter?.status;
  if (!isTaskStatus(target)) return item.original;

  const result = transition(now.note.frontmatter ?? {}, target, clock, {
    force: { by: RESTORE_ACTOR, reason: item.reason },
  });
  if (!result.ok) return item.original;

  const { status: _status, ...lifecycle } = result.changes;
  return editNote(item.original, lifecycle);
}

function withCurrentSyncState(original: string, current: string): string {
  const now = parseNote(current);
  if (!now.ok) throw now.error;
  return editNote(original, { [SYNC_KEY]: now.note.frontmatter?.[SYNC_KEY] });
}
