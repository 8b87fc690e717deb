import { type App, Modal } from 'obsidian';

import type { VaultReport } from '../obsidian/kira-vault';

/** Lists each invalid note with its errors; a click on a note opens it. */
export class VaultReportModal extends Modal {
  constructor(
    app: App,
    private readonly report: VaultReport,
  ) {
    super(app);
  }

  override onOpen(): void {
    const { checked, invalid, duplicateIds } = this.report;
    this.setTitle('Kira: vault check');
    this.contentEl.createEl('p', { text: summarize(this.report) });
    if (invalid.length === 0 && duplicateIds.length === 0) return;

    const list = this.contentEl.createEl('ul', { cls: 'kira-report-list' });
    for (const note of invalid) {
      const item = list.createEl('li');
      const link = item.createEl('a', { text: note.path, href: '#' });
      link.addEventListener('click', (event: MouseEvent) => {
        event.preventDefault();
        void this.app.workspace.openLinkText(note.path, '', false);
        this.close();
      });
      const errors = item.createEl('ul', { cls: 'kira-report-errors' });
      for (const issue of note.issues)
        errors.createEl('li', { text: `${issue.field}: ${issue.message}` });
    }
    for (const claim of duplicateIds) {
      list.createEl('li', {
        text: `The id ${claim.id} is claimed by ${claim.paths.length} notes: ${claim.paths.join(', ')}`,
      });
    }
    if (checked === 0) this.contentEl.createEl('p', { text: 'No Kira notes were found.' });
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

/** One plain sentence about a report. */
export function summarize(report: VaultReport): string {
  const problems = report.invalid.length;
  const duplicates = report.duplicateIds.length;
  const noteWord = report.checked === 1 ? 'note' : 'notes';
  if (problems === 0 && duplicates === 0)
    return `All ${report.checked} Kira ${noteWord} are valid.`;

  const parts = [`${problems} of ${report.checked} Kira ${noteWord} have problems`];
  if (duplicates > 0)
    parts.push(`${duplicates} id${duplicates === 1 ? ' is' : 's are'} used twice`);
  return `${parts.join('; ')}.`;
}
