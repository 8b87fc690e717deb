import { type CodecErrorCode, frontmatterHash, parseNote } from '../frontmatter';

/** What differs between a quarantined version and the note as it is now. */
export interface Difference {
  /** Frontmatter keys whose value differs (added, removed or changed), in sorted order. */
  changedKeys: string[];
  isBodyDifferent: boolean;
  /**
   * Which side's frontmatter could not be read, with the codec's code; its keys are then not
   * compared and only the whole text tells whether the body differs.
   */
  unreadable: Array<{ side: 'original' | 'current'; code: CodecErrorCode }>;
}

/**
 * Compares a quarantined version (`original`) with the current text of its note, for the
 * quarantine view's "what differs from the current note". Never throws.
 */
export function describeDifference(original: string, current: string): Difference {
  const before = parseNote(original);
  const after = parseNote(current);
  const unreadable: Difference['unreadable'] = [];
  if (!before.ok) unreadable.push({ side: 'original', code: before.error.code });
  if (!after.ok) unreadable.push({ side: 'current', code: after.error.code });

  if (!before.ok || !after.ok) {
    return { changedKeys: [], isBodyDifferent: original !== current, unreadable };
  }

  const changedKeys = keysThatDiffer(before.note.frontmatter ?? {}, after.note.frontmatter ?? {});
  return { changedKeys, isBodyDifferent: before.note.body !== after.note.body, unreadable };
}

function keysThatDiffer(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((key) => Object.hasOwn(a, key) !== Object.hasOwn(b, key) || !isSame(a[key], b[key]))
    .sort();
}

/** Equal data whatever the order of nested keys; the codec's fingerprint compares it so. */
function isSame(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  return frontmatterHash({ value: a }) === frontmatterHash({ value: b });
}
