import type { EventRef } from './events';
import { isThenable, runtime } from './runtime';

const onloadResults = new WeakMap<Component, Promise<void>>();

/** What `load()` of this component returned from `onload`, so the host can await it. */
export function onloadResultOf(component: Component): Promise<void> {
  return onloadResults.get(component) ?? Promise.resolve();
}

/**
 * A unit with a lifecycle: `load` runs `onload` then loads the children; `unload` unloads the
 * children, runs `onunload`, then every cleanup registered with `register*`, newest first.
 */
export class Component {
  private isLoaded = false;
  private readonly children: Component[] = [];
  private readonly cleanups: Array<() => unknown> = [];

  load(): void {
    if (this.isLoaded) return;
    this.isLoaded = true;
    const result: unknown = this.onload();
    if (isThenable(result))
      onloadResults.set(
        this,
        Promise.resolve(result).then(() => undefined),
      );
    for (const child of [...this.children]) child.load();
  }

  onload(): void | Promise<void> {
    // Overridden by subclasses.
  }

  unload(): void {
    if (!this.isLoaded) return;
    this.isLoaded = false;
    for (const child of this.children.splice(0).reverse()) child.unload();
    runtime.invoke(() => this.onunload(), 'onunload');
    for (const cleanup of this.cleanups.splice(0).reverse())
      runtime.invoke(cleanup, 'unload cleanup');
  }

  onunload(): void {
    // Overridden by subclasses.
  }

  addChild<T extends Component>(component: T): T {
    this.children.push(component);
    if (this.isLoaded) component.load();
    return component;
  }

  removeChild<T extends Component>(component: T): T {
    const at = this.children.indexOf(component);
    if (at >= 0) {
      this.children.splice(at, 1);
      component.unload();
    }
    return component;
  }

  register(cb: () => unknown): void {
    this.cleanups.push(cb);
  }

  registerEvent(eventRef: EventRef): void {
    this.register(() => eventRef.e.offref(eventRef));
  }

  registerDomEvent(
    el: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
    type: string,
    callback: (ev: Event) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void {
    el.addEventListener(type, callback, options);
    this.register(() => el.removeEventListener(type, callback, options));
  }

  registerInterval(id: number): number {
    this.register(() => window.clearInterval(id));
    return id;
  }
}
