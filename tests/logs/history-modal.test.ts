import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HeadlessHost, modalText } from '../host';
import { JsonlLogWriter } from '../../src/logs/jsonl-writer';
import { readHistory } from '../../src/logs/history';
import { LogHub } from '../../src/logs/logger';
import { HistoryModal } from '../../src/ui/history-modal';
import { pinnedTime, taskId } from '../events/builders';

describe("the note's history, in a vault", () => {
  let dir: string;
  let host: HeadlessHost;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kira-history-'));
    host = await HeadlessHost.open(dir);
  });

  afterEach(async () => {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function writeStory(): Promise<void> {
    const { clock, timers } = pinnedTime();
    const writer = new JsonlLogWriter({ adapter: host.app.vault.adapter, timers });
    const log = new LogHub(clock, writer, { default: 'info', modules: {} }).logger('vault');
    log.info('upsert', 'Indexed Tasks/Report.md', { correlation_id: taskId() });
    clock.advance(86_400_000);
    log.warn('conflict', 'Kept the calendar version', {
      correlation_id: taskId(),
      source: 'calendar',
    });
    log.info('upsert', 'Another note', { correlation_id: taskId(2) });
    await writer.close();
  }

  it('writes logs through the adapter without raising vault events', async () => {
    const events: string[] = [];
    host.app.vault.on('create', (file) => events.push(`create ${file.path}`));
    host.app.vault.on('modify', (file) => events.push(`modify ${file.path}`));

    await writeStory();
    await host.settle();

    expect(events).toEqual([]);
    expect(await readFile(join(dir, '.kira/logs/2024-05-02.jsonl'), 'utf8')).toContain(
      '"conflict"',
    );
  });

  it('lists the lines of the note, oldest first, as plain text', async () => {
    await writeStory();
    const adapter = host.app.vault.adapter;
    const modal = new HistoryModal(host.app, taskId(), () =>
      readHistory(adapter, '.kira/logs', taskId()),
    );

    modal.open();
    await host.settle();

    expect(modalText(modal)).toBe(
      [
        `History of ${taskId()}`,
        '2 entries, oldest first.' +
          '2024-05-01 09:30:00Z  INFO   vault/upsert  Indexed Tasks/Report.md\n' +
          '2024-05-02 09:30:00Z  WARN   vault/conflict [calendar]  Kept the calendar version',
      ].join('\n'),
    );
    modal.close();
  });

  it('says so when nothing is logged, and when the logs cannot be read', async () => {
    const empty = new HistoryModal(host.app, taskId(), () => Promise.resolve([]));
    empty.open();
    await host.settle();
    expect(modalText(empty)).toMatch(/Nothing is logged for this note yet/);
    empty.close();

    const broken = new HistoryModal(host.app, taskId(), () => Promise.reject(new Error('EACCES')));
    broken.open();
    await host.settle();
    expect(modalText(broken)).toMatch(/The logs could not be read: EACCES/);
    broken.close();
  });
});
