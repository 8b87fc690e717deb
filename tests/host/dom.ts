/**
 * Obsidian's DOM helpers (`createEl`, `setText`, `addClass`, `empty`, ...) for both worlds:
 * on the real DOM under jsdom they are installed on the element prototypes, as Obsidian does;
 * in plain Node they are installed on the fake elements of ./fake-dom. Either way UI code sees
 * `HTMLElement`s that answer the calls it makes.
 */
// The element helpers' types (createEl, setText, ...) come from the global declarations of
// Obsidian's type definitions, pulled into the program here.
import type {} from 'obsidian';
import { FakeDocument, FakeElement } from './fake-dom';

/** Options of `createEl`, as Obsidian declares them. */
export interface DomElementInfo {
  cls?: string | string[];
  text?: string | DocumentFragment;
  attr?: Record<string, string | number | boolean | null>;
  title?: string;
  parent?: Node;
  value?: string;
  type?: string;
  prepend?: boolean;
  placeholder?: string;
  href?: string;
}

const hasRealDom = typeof document !== 'undefined' && typeof HTMLElement !== 'undefined';

const fakeDocument = hasRealDom ? null : new FakeDocument();

/** The document new elements belong to: jsdom's when there is one, the fake one otherwise. */
export function hostDocument(): Document {
  return (fakeDocument ?? document) as unknown as Document;
}

/** Whether elements are real jsdom elements (true) or the host's fake ones (false). */
export function isRealDom(): boolean {
  return hasRealDom;
}

function classesOf(cls: string | string[]): string[] {
  const list = Array.isArray(cls) ? cls : cls.split(' ');
  return list.filter((token) => token !== '');
}

function applyInfo(el: HTMLElement, o: DomElementInfo | string | undefined): void {
  if (o === undefined) return;
  const info: DomElementInfo = typeof o === 'string' ? { cls: o } : o;
  if (info.cls !== undefined) el.classList.add(...classesOf(info.cls));
  if (info.text !== undefined) setText.call(el, info.text);
  if (info.attr) setAttrs.call(el, info.attr);
  if (info.title !== undefined) el.title = info.title;
  if (info.value !== undefined) (el as HTMLInputElement).value = info.value;
  if (info.type !== undefined) (el as HTMLInputElement).type = info.type;
  if (info.placeholder !== undefined) (el as HTMLInputElement).placeholder = info.placeholder;
  if (info.href !== undefined) (el as HTMLAnchorElement).href = info.href;
}

function build<T extends HTMLElement>(
  doc: Document,
  tag: string,
  o: DomElementInfo | string | undefined,
  parent: Node | null,
  callback: ((el: T) => void) | undefined,
  isSvg = false,
): T {
  // The implementation of createEl itself: it has to use the native calls.
  const el = (
    isSvg ? doc.createElementNS('http://www.w3.org/2000/svg', tag) : doc.createElement(tag)
  ) as T;
  applyInfo(el, o);
  const info = typeof o === 'object' ? o : undefined;
  const target = info?.parent ?? parent;
  if (target) {
    if (info?.prepend === true) target.insertBefore(el, target.firstChild);
    else target.appendChild(el);
  }
  callback?.(el);
  return el;
}

function ownerDocumentOf(node: Node): Document {
  return node.ownerDocument ?? hostDocument();
}

function createEl<K extends keyof HTMLElementTagNameMap>(
  this: Node,
  tag: K,
  o?: DomElementInfo | string,
  callback?: (el: HTMLElementTagNameMap[K]) => void,
): HTMLElementTagNameMap[K] {
  return build(ownerDocumentOf(this), tag, o, this, callback);
}

function createDiv(
  this: Node,
  o?: DomElementInfo | string,
  callback?: (el: HTMLDivElement) => void,
): HTMLDivElement {
  return build(ownerDocumentOf(this), 'div', o, this, callback);
}

function createSpan(
  this: Node,
  o?: DomElementInfo | string,
  callback?: (el: HTMLSpanElement) => void,
): HTMLSpanElement {
  return build(ownerDocumentOf(this), 'span', o, this, callback);
}

function createSvg(
  this: Node,
  tag: string,
  o?: DomElementInfo | string,
  callback?: (el: HTMLElement) => void,
): HTMLElement {
  return build(ownerDocumentOf(this), tag, o, this, callback, true);
}

function empty(this: Node): void {
  while (this.firstChild) this.removeChild(this.firstChild);
}

function detach(this: Node): void {
  this.parentNode?.removeChild(this);
}

function appendText(this: Node, text: string): void {
  this.appendChild(ownerDocumentOf(this).createTextNode(text));
}

function insertAfter<T extends Node>(this: Node, node: T, child: Node | null): T {
  this.insertBefore(node, child ? child.nextSibling : this.firstChild);
  return node;
}

function indexOf(this: Node, other: Node): number {
  return Array.prototype.indexOf.call(this.childNodes, other);
}

function setChildrenInPlace(this: Node, children: Node[]): void {
  empty.call(this);
  for (const child of children) this.appendChild(child);
}

function setText(this: Element, text: string | DocumentFragment): void {
  if (typeof text === 'string') {
    this.textContent = text;
    return;
  }
  empty.call(this);
  this.appendChild(text);
}

function getText(this: Element): string {
  return this.textContent ?? '';
}

function addClass(this: Element, ...classes: string[]): void {
  this.classList.add(...classes.flatMap(classesOf));
}

function addClasses(this: Element, classes: string[]): void {
  addClass.call(this, ...classes);
}

function removeClass(this: Element, ...classes: string[]): void {
  this.classList.remove(...classes.flatMap(classesOf));
}

function removeClasses(this: Element, classes: string[]): void {
  removeClass.call(this, ...classes);
}

function toggleClass(this: Element, classes: string | string[], value: boolean): void {
  for (const cls of classesOf(classes)) this.classList.toggle(cls, value);
}

function hasClass(this: Element, cls: string): boolean {
  return this.classList.contains(cls);
}

function setAttr(this: Element, name: string, value: string | number | boolean | null): void {
  if (value === null) this.removeAttribute(name);
  else this.setAttribute(name, String(value));
}

function setAttrs(this: Element, attrs: Record<string, string | number | boolean | null>): void {
  for (const [name, value] of Object.entries(attrs)) setAttr.call(this, name, value);
}

function getAttr(this: Element, name: string): string | null {
  return this.getAttribute(name);
}

function matchParent(this: Element, selector: string, lastParent?: Element): Element | null {
  return selfAndAncestors(this).find((at) => at.matches(selector) && at !== lastParent) ?? null;
}

function selfAndAncestors<E extends Element>(el: E): E[] {
  const chain: E[] = [];
  for (let at: E | null = el; at; at = at.parentElement as E | null) chain.push(at);
  return chain;
}

function find(this: Element, selector: string): Element | null {
  return this.querySelector(selector);
}

function findAll(this: Element, selector: string): HTMLElement[] {
  return Array.from(this.querySelectorAll<HTMLElement>(selector));
}

function findAllSelf(this: Element, selector: string): HTMLElement[] {
  const found = findAll.call(this, selector);
  return this.matches(selector) ? [this as HTMLElement, ...found] : found;
}

function show(this: HTMLElement): void {
  this.style.display = '';
}

function hide(this: HTMLElement): void {
  this.style.display = 'none';
}

function toggle(this: HTMLElement, isShown: boolean): void {
  if (isShown) show.call(this);
  else hide.call(this);
}

function toggleVisibility(this: HTMLElement, isVisible: boolean): void {
  this.style.visibility = isVisible ? '' : 'hidden';
}

/** Shown when no ancestor, itself included, has `display: none`. Attachment is not checked. */
function isShown(this: HTMLElement): boolean {
  return selfAndAncestors(this).every((at) => at.style.display !== 'none');
}

function setCssStyles(this: HTMLElement, styles: Partial<CSSStyleDeclaration>): void {
  Object.assign(this.style, styles);
}

function setCssProps(this: HTMLElement, props: Record<string, string>): void {
  for (const [name, value] of Object.entries(props)) this.style.setProperty(name, value);
}

function onClickEvent(
  this: HTMLElement,
  listener: (this: HTMLElement, ev: MouseEvent) => unknown,
  options?: boolean | AddEventListenerOptions,
): void {
  this.addEventListener('click', listener, options);
  this.addEventListener('auxclick', listener, options);
}

function trigger(this: HTMLElement, eventType: string): void {
  this.dispatchEvent(new Event(eventType, { bubbles: true, cancelable: true }));
}

function instanceOf(this: Node, type: abstract new (...args: never[]) => unknown): boolean {
  // The implementation of instanceOf itself.
  return this instanceof type;
}

const nodeHelpers = {
  createEl,
  createDiv,
  createSpan,
  createSvg,
  empty,
  detach,
  appendText,
  insertAfter,
  indexOf,
  setChildrenInPlace,
  instanceOf,
};

const elementHelpers = {
  setText,
  getText,
  addClass,
  addClasses,
  removeClass,
  removeClasses,
  toggleClass,
  hasClass,
  setAttr,
  setAttrs,
  getAttr,
  matchParent,
  find,
  findAll,
  findAllSelf,
};

const htmlElementHelpers = {
  show,
  hide,
  toggle,
  toggleVisibility,
  isShown,
  setCssStyles,
  setCssProps,
  onClickEvent,
  trigger,
};

function install(target: object, helpers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(helpers)) {
    if (Object.prototype.hasOwnProperty.call(target, name)) continue;
    Object.defineProperty(target, name, { value, writable: true, configurable: true });
  }
}

/** Puts the helpers on the prototypes in use. Safe to call more than once. */
export function installDomHelpers(): void {
  if (hasRealDom) {
    install(Node.prototype, nodeHelpers);
    install(Element.prototype, elementHelpers);
    install(HTMLElement.prototype, htmlElementHelpers);
    install(DocumentFragment.prototype, { find, findAll });
    return;
  }
  install(FakeElement.prototype, { ...nodeHelpers, ...elementHelpers, ...htmlElementHelpers });
}

/** A detached element, as Obsidian's global `createEl` makes. */
export function newElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  o?: DomElementInfo | string,
  callback?: (el: HTMLElementTagNameMap[K]) => void,
): HTMLElementTagNameMap[K] {
  return build(hostDocument(), tag, o, null, callback);
}

/** A detached `<svg>`-family element. */
export function newSvg(
  tag: string,
  o?: DomElementInfo | string,
  callback?: (el: HTMLElement) => void,
): HTMLElement {
  return build(hostDocument(), tag, o, null, callback, true);
}

export function newFragment(callback?: (el: DocumentFragment) => void): DocumentFragment {
  // The implementation of createFragment itself.
  const fragment = hostDocument().createDocumentFragment();
  callback?.(fragment);
  return fragment;
}

/** The element modals and notices are attached to while shown. */
export function hostBody(): HTMLElement {
  return hostDocument().body;
}

/** A plain `Event` of the running world (jsdom's or Node's). */
export function newEvent(type: string): Event {
  return new Event(type, { bubbles: true, cancelable: true });
}
