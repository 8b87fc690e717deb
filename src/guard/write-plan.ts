import { editNote, parseNote } from '../frontmatter';
import type { Revision } from '../queue/write-queue';
import type { Judgement } from './judge';

/**
 * The write a judgement calls for, as an edit for the write queue (`WriteQueue.edit`), or
 * null when it calls for none.
 *
 * The edit runs later, on the note's text of that moment, and only touches the keys in the
 * judgement's `changes`, so whatever else the user typed meanwhile stays. If by then the note
 * no longer holds the status that was judged (the user changed it again), the edit writes
 * nothing: that newer edit gets a judgement of its own.
 */
export function writeFor(judgement: Judgement): ((text: string) => Revision) | null {
  if (judgement.outcome !== 'accept' && judgement.outcome !== 'revert') return null;
  if (Object.keys(judgement.changes).length === 0) return null;

  const { changes, to } = judgement;
  return (text) => {
    const parsed = parseNote(text);
    const isStillJudged = parsed.ok && parsed.note.frontmatter?.status === to;
    return { text: isStillJudged ? editNote(text, changes) : text, kind: 'task' };
  };
}
