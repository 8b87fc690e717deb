import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CANONICAL_KEY_ORDER, TASK_STATUSES, type Frontmatter } from '../../src/entities/model';
import { type TransitionOptions, canTransition, transition } from '../../src/tasks/state-machine';
import { FixedClock } from '../../src/time/clock';
import { aTaskIn } from './builders';

/**
 * The whole from x to table, run as data and compared with an approved file. Any change in
 * which transitions are allowed, which are refused and with what code, or which keys they
 * write, shows up as a difference here. To approve an intended change, re-run with
 * KIRA_APPROVE=1 and review the file's diff before committing it.
 */

const APPROVED = join(__dirname, 'transitions.approved.txt');
const APPROVE_COMMAND = 'KIRA_APPROVE=1 npx jest tests/tasks/transitions-table.test.ts';
const clock = new FixedClock(Date.UTC(2024, 2, 2, 8, 0));
const REASON = 'waiting on legal';
const FORCE = { by: 'migration', reason: 'normalize the vault' };
const UNKNOWN = 'started';

type Row = { label: string; task: Frontmatter };

const rows: Row[] = [
  ...TASK_STATUSES.map((status) => ({ label: status, task: aTaskIn(status) })),
  { label: `"${UNKNOWN}"`, task: aTaskIn('todo', { status: UNKNOWN }) },
];

function outcome(
  task: Frontmatter,
  to: (typeof TASK_STATUSES)[number],
  options: TransitionOptions,
) {
  const result = transition(task, to, clock, options);
  return result.ok ? 'ok' : result.refusal.code;
}

function grid(title: string, options: TransitionOptions): string[] {
  const header = ['from \\ to', ...TASK_STATUSES];
  const body = rows.map((row) => [
    row.label,
    ...TASK_STATUSES.map((to) => outcome(row.task, to, options)),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...body].map((line) => line[column]!.length)),
  );
  const render = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [`## ${title}`, '', render(header), ...body.map(render), ''];
}

function changeList(title: string, options: TransitionOptions): string[] {
  const lines = [`## ${title}`, ''];
  for (const row of rows) {
    for (const to of TASK_STATUSES) {
      const result = transition(row.task, to, clock, options);
      if (!result.ok) continue;
      const keys = inCanonicalOrder(Object.keys(result.changes));
      const set = keys.filter((key) => result.changes[key] !== undefined);
      const removed = keys.filter((key) => result.changes[key] === undefined);
      const removes = removed.length > 0 ? `; removes ${removed.join(', ')}` : '';
      lines.push(`${row.label} -> ${to}: sets ${set.join(', ')}${removes}`);
    }
  }
  return [...lines, ''];
}

/** Key order in `changes` means nothing; listing keys canonically keeps refactors quiet. */
function inCanonicalOrder(keys: string[]): string[] {
  const rank = (key: string): number => {
    const index = CANONICAL_KEY_ORDER.indexOf(key);
    return index === -1 ? CANONICAL_KEY_ORDER.length : index;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function renderTable(): string {
  return [
    '# Kira task transitions: the outcome of transition(task, to) for every pair, rendered from',
    '# src/tasks/state-machine.ts. Rows are the status the task is in, columns the status asked',
    '# for; "ok" means the transition happens, anything else is the refusal code.',
    `# Regenerate after an intended change with: ${APPROVE_COMMAND}`,
    '',
    ...grid('Without a reason', {}),
    ...grid(`With a reason ("${REASON}")`, { reason: REASON }),
    ...grid(`Forced (by "${FORCE.by}", because "${FORCE.reason}"), without a reason`, {
      force: FORCE,
    }),
    ...changeList('What each transition writes, with a reason', { reason: REASON }),
    ...changeList('What each forced transition writes, without a reason', { force: FORCE }),
  ].join('\n');
}

function differences(approved: string, rendered: string): string {
  const was = approved.split('\n');
  const now = rendered.split('\n');
  const lines: string[] = [];
  for (let i = 0; i < Math.max(was.length, now.length); i += 1) {
    if (was[i] === now[i]) continue;
    lines.push(
      `line ${i + 1}:`,
      `  approved: ${was[i] ?? '(none)'}`,
      `  now:      ${now[i] ?? '(none)'}`,
    );
  }
  return lines.join('\n');
}

describe('the transition table', () => {
  it('matches the approved table file', () => {
    const rendered = renderTable();
    if (process.env.KIRA_APPROVE === '1') writeFileSync(APPROVED, rendered);

    if (!existsSync(APPROVED)) {
      throw new Error(`${APPROVED} is missing. Create it with: ${APPROVE_COMMAND}`);
    }
    // A checkout may have turned the file's line ends into CRLF; the table itself has none.
    const approved = readFileSync(APPROVED, 'utf8').replace(/\r\n/g, '\n');
    if (approved !== rendered) {
      throw new Error(
        `The transition table differs from the approved file:\n${differences(approved, rendered)}\n\n` +
          `If the change is intended, approve it with: ${APPROVE_COMMAND}`,
      );
    }
  });

  it('allows, given a reason, exactly the pairs of the lifecycle table', () => {
    for (const from of TASK_STATUSES) {
      for (const to of TASK_STATUSES) {
        const isOk = outcome(aTaskIn(from), to, { reason: REASON }) === 'ok';
        expect([from, to, isOk]).toEqual([from, to, canTransition(from, to)]);
      }
    }
  });
});
