import { Notice } from 'obsidian';

/** Thrown (or rejected) when the user closes a prompt; the funnel keeps it quiet. */
export class UserCancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'UserCancelled';
  }
}

/** Tells the user something worth knowing, briefly. */
export function inform(message: string): void {
  new Notice(message.startsWith('Kira ') ? message : `Kira: ${message}`);
}

/** A button in a notice that does the one thing the message asks for ("Sign in again"). */
export interface NoticeAction {
  label: string;
  run: () => unknown;
}

/**
 * The one funnel for errors the user should see: normalizes unknown values, stays quiet on a
 * cancel (a `UserCancelled`, or any error whose `isUserCancel` is true), says what to do next,
 * optionally with a button that does it, and leaves the stack in the developer console.
 * Returns the notice shown, or null when it stayed quiet.
 */
export function reportError(
  error: unknown,
  whatFailed: string,
  nextStep?: string,
  action?: NoticeAction,
): Notice | null {
  if (isUserCancel(error)) return null;

  const detail = error instanceof Error ? error.message : String(error);
  const advice = nextStep ? ` ${nextStep}` : '';
  const text = `Kira: ${whatFailed}. ${detail}${advice}`;
  console.error(`[kira] ${whatFailed}`, error);
  if (action === undefined) return new Notice(text, 10000);

  const message = createFragment((fragment) => {
    fragment.appendText(`${text} `);
    fragment.createEl('button', { text: action.label, cls: 'kira-notice-action' }, (button) =>
      button.addEventListener('click', () => {
        notice.hide();
        void action.run();
      }),
    );
  });
  // Stays until dismissed or used: the user has something to do.
  const notice = new Notice(message, 0);
  return notice;
}

function isUserCancel(error: unknown): boolean {
  if (error instanceof UserCancelled) return true;
  return (error as { isUserCancel?: unknown } | null)?.isUserCancel === true;
}

/** A status line for a long job, shown in one notice that updates in place. */
export class ProgressNotice {
  private readonly notice: Notice;

  constructor(private readonly label: string) {
    this.notice = new Notice(`Kira: ${label}…`, 0);
  }

  update(done: number, total: number): void {
    this.notice.setMessage(`Kira: ${this.label}: ${done} of ${total}`);
  }

  finish(message: string): void {
    this.notice.setMessage(`Kira: ${message}`);
    window.setTimeout(() => this.notice.hide(), 4000);
  }
}
