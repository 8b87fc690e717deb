import type { Frontmatter, Kind, TaskStatus } from '../../src/entities/model';
import { parseNote, serializeCanonical } from '../../src/frontmatter';
import { type EditUnderJudgement, type Judgement, writeFor } from '../../src/guard';
import { FixedClock } from '../../src/time/clock';
import { aTaskIn } from '../tasks/builders';

/** 2024-03-02T08:00:00Z: when every edit in these tests is judged. */
export const NOW = '2024-03-02T08:00:00Z';
export const ZONE = 'Europe/Brussels';
export const PATH = 'Tasks/Write the report.md';
export const BODY = '## Notes\n\nDraft is in the shared folder.\n';

/** The snapshot of a task Kira last saw valid in `status`. */
export function snapshotIn(status: TaskStatus, fields: Frontmatter = {}): Frontmatter {
  return aTaskIn(status, fields);
}

/** The note's text after the user saved `changes` over `before` (undefined removes a key). */
export function savedAs(before: Frontmatter, changes: Frontmatter, body = BODY): string {
  const after: Frontmatter = { ...before };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete after[key];
    else after[key] = value;
  }
  return serializeCanonical(after, body);
}

/** The judge's input for `text` against `before`. */
export function anEdit(
  before: Frontmatter | null,
  text: string,
  fields: Partial<EditUnderJudgement> = {},
): EditUnderJudgement {
  const kind: Kind = 'task';
  return {
    before,
    text,
    path: PATH,
    kind,
    clock: new FixedClock(Date.parse(NOW)),
    zone: ZONE,
    correlationId: 'corr-1',
    ...fields,
  };
}

/** The note's text once the write the judgement calls for has been applied to `text`. */
export function afterWrite(judgement: Judgement, text: string): string {
  const write = writeFor(judgement);
  return write === null ? text : write(text).text;
}

export function parsed(text: string): { frontmatter: Frontmatter; body: string } {
  const result = parseNote(text);
  if (!result.ok) throw result.error;
  return { frontmatter: result.note.frontmatter ?? {}, body: result.note.body };
}

/** Narrows a judgement to one outcome, failing the test with what came instead. */
export function expectOutcome<O extends Judgement['outcome']>(
  judgement: Judgement,
  outcome: O,
): Extract<Judgement, { outcome: O }> {
  if (judgement.outcome !== outcome) {
    throw new Error(`expected ${outcome}, got ${JSON.stringify(judgement, null, 2)}`);
  }
  return judgement as Extract<Judgement, { outcome: O }>;
}
