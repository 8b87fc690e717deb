import { type App, Modal, Setting } from 'obsidian';

import { describeDifference } from '../quarantine/difference';
import type { QuarantineItem } from '../quarantine/item';
import type { QuarantineStore } from '../quarantine/store';
import { reportError } from './notify';

/** What the quarantine view needs beyond the store: the notes' text and the restore path. */
export interface QuarantineActions {
  currentText(path: string): Promise<string | null>;
  restore(itemId: string): Promise<void>;
}

const KIND_LABELS: Record<QuarantineItem['kind'], string> = {
  rejected_transition: 'Refused status change',
  invalid: 'Invalid note',
  refused_write: 'Refused write',
  conflict: 'Sync conflict',
  runaway: 'Stopped writes',
};

/**
 * The quarantine: every open item with its reason; each can be inspected (what differs from
 * the note as it is now, every error, the full kept text), restored through the write queue,
 * or discarded.
 */
export class QuarantineModal extends Modal {
  constructor(
    app: App,
    private readonly store: QuarantineStore,
    private readonly actions: QuarantineActions,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.setTitle('Kira quarantine');
    this.renderList();
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  private renderList(): void {
    const { contentEl } = this;
    contentEl.empty();
    const items = this.store.list();
    if (items.length === 0) {
      contentEl.createEl('p', { text: 'Nothing is in quarantine.' });
      return;
    }

    for (const item of items) {
      new Setting(contentEl)
        .setName(`${KIND_LABELS[item.kind]}: ${item.path}`)
        .setDesc(`${item.reason} (${item.updated_at})`)
        .addButton((button) =>
          button.setButtonText('Inspect').onClick(() => void this.inspect(item)),
        )
        .addButton((button) =>
          button.setButtonText('Restore').onClick(() => void this.act(item, 'restore')),
        )
        .addButton((button) =>
          // Styled by hand: setWarning is deprecated and setDestructive needs Obsidian 1.13.
          button
            .setButtonText('Discard')
            .setClass('mod-warning')
            .onClick(() => void this.act(item, 'discard')),
        );
    }
  }

  private async inspect(item: QuarantineItem): Promise<void> {
    const { contentEl } = this;
    contentEl.empty();
    new Setting(contentEl).setName(KIND_LABELS[item.kind]).setDesc(item.reason).setHeading();

    const current = await this.actions.currentText(item.path);
    contentEl.createEl('p', { text: differenceSentence(item, current) });
    if (item.errors.length > 0) {
      const errors = contentEl.createEl('ul', { cls: 'kira-report-errors' });
      for (const issue of item.errors)
        errors.createEl('li', { text: `${issue.field}: ${issue.message}` });
    }
    contentEl.createEl('pre', { cls: 'kira-quarantine-original', text: item.original });

    new Setting(contentEl)
      .addButton((button) => button.setButtonText('Back').onClick(() => this.renderList()))
      .addButton((button) =>
        button
          .setButtonText('Restore this version')
          .setCta()
          .onClick(() => void this.act(item, 'restore')),
      );
  }

  private async act(item: QuarantineItem, action: 'restore' | 'discard'): Promise<void> {
    try {
      if (action === 'restore') await this.actions.restore(item.id);
      else await this.store.discard(item.id);
      this.renderList();
    } catch (error) {
      reportError(error, `Could not ${action} the kept version of ${item.path}`);
    }
  }
}

/** One sentence saying how the kept version differs from the note now. */
export function differenceSentence(item: QuarantineItem, current: string | null): string {
  if (current === null) return `${item.path} no longer exists; restoring recreates nothing.`;

  const difference = describeDifference(item.original, current);
  if (difference.unreadable.length > 0) {
    const sides = difference.unreadable.map((entry) => entry.side).join(' and ');
    return `The ${sides} frontmatter cannot be read, so only the whole text is compared: it ${
      item.original === current ? 'is the same' : 'differs'
    }.`;
  }
  const keys = difference.changedKeys;
  const keyPart =
    keys.length === 0 ? 'no property differs' : `these properties differ: ${keys.join(', ')}`;
  return `Compared with the note now, ${keyPart}; the body ${
    difference.isBodyDifferent ? 'differs' : 'is the same'
  }.`;
}

/** Keeps the status bar's count in step with the store; a click opens the quarantine. */
export function showQuarantineCount(
  el: HTMLElement,
  store: QuarantineStore,
  open: () => void,
): () => void {
  const render = (count: number): void => {
    el.setText(count === 0 ? 'Kira: quarantine empty' : `Kira: ${count} in quarantine`);
    el.toggleClass('kira-quarantine-has-items', count > 0);
  };
  el.addClass('mod-clickable');
  el.setAttribute('aria-label', 'Open the Kira quarantine');
  el.addEventListener('click', open);
  render(store.count());
  return store.onChange(render);
}
