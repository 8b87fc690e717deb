import { runtime } from './runtime';

type Callback = (...data: unknown[]) => unknown;

/** A registration made with `Events.on`; hand it to `offref` or `Component.registerEvent`. */
export interface EventRef {
  /** The emitter the callback was registered on. */
  e: Events;
  name: string;
  fn: Callback;
  ctx?: unknown;
}

/**
 * Obsidian's event emitter. Callbacks run in registration order; one that throws or rejects is
 * reported to the host and does not stop the others, as in Obsidian.
 */
export class Events {
  private readonly handlers = new Map<string, EventRef[]>();

  on(name: string, callback: Callback, ctx?: unknown): EventRef {
    const ref: EventRef = { e: this, name, fn: callback, ctx };
    const list = this.handlers.get(name) ?? [];
    list.push(ref);
    this.handlers.set(name, list);
    return ref;
  }

  off(name: string, callback: Callback): void {
    const list = this.handlers.get(name);
    if (!list) return;
    this.handlers.set(
      name,
      list.filter((ref) => ref.fn !== callback),
    );
  }

  offref(ref: EventRef): void {
    const list = this.handlers.get(ref.name);
    if (!list) return;
    this.handlers.set(
      ref.name,
      list.filter((candidate) => candidate !== ref),
    );
  }

  trigger(name: string, ...data: unknown[]): void {
    const list = this.handlers.get(name);
    if (!list) return;
    for (const ref of [...list]) this.tryTrigger(ref, data);
  }

  tryTrigger(evt: EventRef, args: unknown[]): void {
    runtime.invoke(() => evt.fn.apply(evt.ctx, args), `event '${evt.name}' handler`);
  }
}
