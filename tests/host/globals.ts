/**
 * The globals Obsidian puts in a plugin's world: `createEl` and friends, `activeWindow`,
 * `activeDocument`, `sleep`, and the small array and string extensions its type definitions
 * declare. In plain Node there is no `window`; the host provides one that is `globalThis` plus
 * event-target methods, so `window.setTimeout` and `registerDomEvent(window, ...)` work.
 * Nothing already defined is replaced.
 */
import { hostDocument, installDomHelpers, isRealDom, newElement, newFragment, newSvg } from './dom';

type Bag = Record<string, unknown>;

function define(target: object, name: string, value: unknown): void {
  if (name in target) return;
  Object.defineProperty(target, name, { value, writable: true, configurable: true });
}

// The one reference to the global object: the host is the platform that defines `window`.
const world = globalThis as unknown as Bag;

function makeNodeWindow(): object {
  const events = new EventTarget();
  const eventMethods: Bag = {
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
    dispatchEvent: events.dispatchEvent.bind(events),
  };
  return new Proxy(world, {
    get(target, key) {
      if (typeof key === 'string' && key in eventMethods) return eventMethods[key];
      if (key === 'document') return hostDocument();
      return Reflect.get(target, key) as unknown;
    },
  });
}

function installWindow(): void {
  if (!isRealDom()) define(world, 'window', makeNodeWindow());
  define(world, 'activeWindow', world['window']);
  define(world, 'activeDocument', hostDocument());
}

function installFunctions(): void {
  define(world, 'createEl', newElement);
  define(world, 'createDiv', (o?: unknown, cb?: unknown) =>
    newElement('div', o as never, cb as never),
  );
  define(world, 'createSpan', (o?: unknown, cb?: unknown) =>
    newElement('span', o as never, cb as never),
  );
  define(world, 'createSvg', newSvg);
  define(world, 'createFragment', newFragment);
  define(world, 'sleep', (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms)));
  define(world, 'nextFrame', () => new Promise((resolve) => window.setTimeout(resolve, 16)));
}

function installExtensions(): void {
  define(Array.prototype, 'first', function first(this: unknown[]) {
    return this[0];
  });
  define(Array.prototype, 'last', function last(this: unknown[]) {
    return this[this.length - 1];
  });
  define(Array.prototype, 'contains', function contains(this: unknown[], target: unknown) {
    return this.includes(target);
  });
  define(Array.prototype, 'remove', function remove(this: unknown[], target: unknown) {
    const at = this.indexOf(target);
    if (at >= 0) this.splice(at, 1);
  });
  define(Array.prototype, 'unique', function unique(this: unknown[]) {
    return [...new Set(this)];
  });
  define(String.prototype, 'contains', function contains(this: string, target: string) {
    return this.includes(target);
  });
  define(Math, 'clamp', (value: number, min: number, max: number) =>
    Math.min(max, Math.max(min, value)),
  );
  define(Math, 'square', (value: number) => value * value);
  define(Object, 'isEmpty', (object: Bag) => Object.keys(object).length === 0);
}

let isInstalled = false;

/** Installs the globals once per process (per jest module registry). */
export function installGlobals(): void {
  if (isInstalled) return;
  isInstalled = true;
  installDomHelpers();
  installWindow();
  installFunctions();
  installExtensions();
}
