import { type App, Modal } from 'obsidian';

import { formatHistoryLine } from '../logs/history';
import type { LogLine } from '../logs/log-line';

/**
 * "Show this note's history": the log lines whose correlation id is the note's id, oldest
 * first, as plain text. `loadHistory` is called on open (flush the log writer before reading,
 * so the latest lines are included); a failure is shown in the modal, not thrown.
 */
export class HistoryModal extends Modal {
  constructor(
    app: App,
    private readonly noteId: string,
    private readonly loadHistory: () => Promise<LogLine[]>,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.setTitle(`History of ${this.noteId}`);
    const status = this.contentEl.createEl('p', { text: 'Reading the logs…' });
    void this.render(status);
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  private async render(status: HTMLElement): Promise<void> {
    let lines: LogLine[];
    try {
      lines = await this.loadHistory();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      status.setText(`The logs could not be read: ${detail}`);
      return;
    }

    if (lines.length === 0) {
      status.setText('Nothing is logged for this note yet. Raise the log level to see more.');
      return;
    }
    status.setText(`${lines.length} ${lines.length === 1 ? 'entry' : 'entries'}, oldest first.`);
    const list = this.contentEl.createEl('pre', { cls: 'kira-history' });
    list.setText(lines.map(formatHistoryLine).join('\n'));
  }
}
