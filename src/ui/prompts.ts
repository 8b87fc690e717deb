import { type App, Modal, Setting, SuggestModal } from 'obsidian';

import { type TaskStatus } from '../entities/model';
import { statusLabel } from '../tasks/labels';
import { UserCancelled } from './notify';

/**
 * Asks for one line of text. Resolves with the trimmed text, rejects with `UserCancelled` when
 * the modal is closed without an answer. `check` returns a message when the text is not
 * acceptable; the modal then stays open and shows it.
 */
export function askText(
  app: App,
  options: {
    title: string;
    label: string;
    placeholder?: string;
    check?: (text: string) => string | null;
  },
): Promise<string> {
  return new Promise((resolve, reject) => {
    new TextPromptModal(app, options, resolve, () => reject(new UserCancelled())).open();
  });
}

class TextPromptModal extends Modal {
  private value = '';
  private answered = false;

  constructor(
    app: App,
    private readonly options: {
      title: string;
      label: string;
      placeholder?: string;
      check?: (text: string) => string | null;
    },
    private readonly onAnswer: (text: string) => void,
    private readonly onCancel: () => void,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.setTitle(this.options.title);
    const error = this.contentEl.createDiv({ cls: 'kira-setting-error' });

    new Setting(this.contentEl).setName(this.options.label).addText((text) => {
      text.setPlaceholder(this.options.placeholder ?? '').onChange((value) => {
        this.value = value;
        error.setText('');
      });
      text.inputEl.addEventListener('keydown', (event: KeyboardEvent) => {
        if (event.key === 'Enter') this.submit(error);
      });
    });

    new Setting(this.contentEl).addButton((button) =>
      button
        .setButtonText('OK')
        .setCta()
        .onClick(() => this.submit(error)),
    );
  }

  override onClose(): void {
    this.contentEl.empty();
    if (!this.answered) this.onCancel();
  }

  private submit(error: HTMLElement): void {
    const text = this.value.trim();
    const problem = text === '' ? 'Please type something.' : (this.options.check?.(text) ?? null);
    if (problem) {
      error.setText(problem);
      return;
    }
    this.answered = true;
    this.onAnswer(text);
    this.close();
  }
}

/** Lets the user pick one of `targets`; rejects with `UserCancelled` when dismissed. */
export function pickStatus(app: App, from: TaskStatus, targets: TaskStatus[]): Promise<TaskStatus> {
  return new Promise((resolve, reject) => {
    new StatusSuggestModal(app, from, targets, resolve, () => reject(new UserCancelled())).open();
  });
}

class StatusSuggestModal extends SuggestModal<TaskStatus> {
  private chosen = false;

  constructor(
    app: App,
    from: TaskStatus,
    private readonly targets: TaskStatus[],
    private readonly onPick: (status: TaskStatus) => void,
    private readonly onCancel: () => void,
  ) {
    super(app);
    this.setPlaceholder(`Move from ${statusLabel(from)} to…`);
  }

  getSuggestions(query: string): TaskStatus[] {
    const needle = query.trim().toLowerCase();
    return this.targets.filter(
      (status) => status.includes(needle) || statusLabel(status).toLowerCase().includes(needle),
    );
  }

  renderSuggestion(status: TaskStatus, el: HTMLElement): void {
    el.setText(statusLabel(status));
  }

  onChooseSuggestion(status: TaskStatus): void {
    this.chosen = true;
    this.onPick(status);
  }

  override onClose(): void {
    super.onClose();
    // Obsidian calls onChooseSuggestion after onClose; let it run before deciding on a cancel.
    window.setTimeout(() => {
      if (!this.chosen) this.onCancel();
    }, 0);
  }
}
