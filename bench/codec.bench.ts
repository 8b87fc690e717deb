/**
 * Frontmatter codec throughput on a typical task note: about ten keys (a list, dates, a
 * nested `x-kira` map) and a few KB of body. Each figure sits beside `yaml`'s plain
 * `parse` + `stringify` of the same frontmatter, measured in the same process.
 * Aim: at least 10,000 notes/s for parse + edit + serialize.
 */
import { parse, stringify } from 'yaml';

import { editNote, normalizeNote, parseNote } from '../src/frontmatter';
import { compare, figure, measure } from './harness';

const FRONTMATTER = [
  'id: task-20240301-0930-write-the-quarterly-report',
  'kind: task',
  'title: Write the quarterly report',
  'created: 2024-03-01T09:30:00Z',
  'updated: 2024-03-04T16:12:45Z',
  'tags:',
  '  - work',
  '  - reports',
  '  - q1',
  'status: doing',
  'priority: high',
  'due: 2024-03-15',
  'start_ts: 2024-03-02T08:00:00Z',
  'estimate: 4h',
  'x-kira:',
  '  source: kira',
  '  version: 3',
  '  last_write_ts: 2024-03-04T16:12:45Z',
].join('\n');

const PARAGRAPH =
  'The report covers revenue, churn and the hiring plan. Numbers come from the finance ' +
  'export; see [[Finance export 2024-02]] and the #reports tag for earlier drafts.\n\n' +
  '- [ ] collect the figures\n- [ ] draft the summary\n- [x] agree on the outline\n\n';

const BODY = `# Quarterly report\n\n${PARAGRAPH.repeat(12)}`;
const NOTE = `---\n${FRONTMATTER}\n---\n${BODY}`;

/** The same note with a flow list, which the fast reader leaves to the Document API. */
const FLOW_NOTE = NOTE.replace('tags:\n  - work\n  - reports\n  - q1', 'tags: [work, reports, q1]');

function codecRoundTrip(): string {
  return editNote(NOTE, { status: 'review' });
}

function yamlRoundTrip(): string {
  const cut = NOTE.indexOf('\n---\n', 4);
  const data = parse(NOTE.slice(4, cut + 1)) as Record<string, unknown>;
  data.status = 'review';
  return `---\n${stringify(data)}---\n${NOTE.slice(cut + 5)}`;
}

async function main(): Promise<void> {
  figure('note size', NOTE.length, 'characters');

  const baseline = await measure('yaml parse + stringify', yamlRoundTrip);
  const edit = await measure('codec parse + edit + serialize', codecRoundTrip);
  compare(edit, baseline, 'notes/s');
  figure('codec parse + edit + serialize', edit.opsPerSecond, 'notes/s', '>= 10,000');

  const slow = await measure('codec edit, Document API path', () =>
    editNote(FLOW_NOTE, { status: 'review' }),
  );
  compare(slow, baseline, 'notes/s');

  const read = await measure('codec parseNote', () => parseNote(NOTE));
  compare(read, baseline, 'notes/s');

  const normalize = await measure('codec normalizeNote', () => normalizeNote(NOTE));
  compare(normalize, baseline, 'notes/s');
}

void main();
