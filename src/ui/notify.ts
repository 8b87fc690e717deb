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

/**
 * The one funnel for errors the user should see: normalizes unknown values, stays quiet on a
 * cancel, says what to do next, and leaves the stack in the developer console.
 */
export function reportError(error: unknown, whatFailed: string, nextStep?: string): void {
  if (error instanceof UserCancelled) return;

  const detail = error instanceof Error ? error.message : String(error);
  const advice = nextStep ? ` ${nextStep}` : '';
  new Notice(`Kira: ${whatFailed}. ${detail}${advice}`, 10000);
  console.error(`[kira] ${whatFailed}`, error);
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
