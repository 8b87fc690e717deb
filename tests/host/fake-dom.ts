/**
 * A small DOM for plain Node: elements with children, text, attributes, classes, inline style,
 * form values and event listeners (Node's own EventTarget). Enough for Obsidian UI code that
 * builds elements, sets text and reacts to clicks and input; not a browser. Events do not bubble,
 * and HTML strings are not parsed (assigning non-empty `innerHTML` throws).
 */

export class FakeNode extends EventTarget {
  parentNode: FakeElement | null = null;
  readonly ownerDocument: FakeDocument;

  constructor(ownerDocument: FakeDocument) {
    super();
    this.ownerDocument = ownerDocument;
  }

  get parentElement(): FakeElement | null {
    return this.parentNode;
  }

  get textContent(): string {
    return '';
  }

  set textContent(_value: string) {
    // Overridden by text and element nodes.
  }

  get nextSibling(): FakeNode | null {
    const siblings = this.parentNode?.childNodes;
    if (!siblings) return null;
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }
}

export class FakeText extends FakeNode {
  readonly nodeType = 3;
  readonly nodeName = '#text';
  data: string;

  constructor(ownerDocument: FakeDocument, data: string) {
    super(ownerDocument);
    this.data = data;
  }

  override get textContent(): string {
    return this.data;
  }

  override set textContent(value: string) {
    this.data = value;
  }
}

type Selection = { kind: 'first' } | { kind: 'value'; value: string } | { kind: 'none' };

export class FakeElement extends FakeNode {
  readonly nodeType: number = 1;
  readonly localName: string;
  readonly childNodes: FakeNode[] = [];
  readonly classList: FakeClassList;
  readonly style = new FakeStyle();
  checked = false;
  selected = false;
  private readonly attributes = new Map<string, string>();
  private formValue = '';
  private selection: Selection = { kind: 'first' };

  constructor(ownerDocument: FakeDocument, localName: string) {
    super(ownerDocument);
    this.localName = localName.toLowerCase();
    this.classList = new FakeClassList(this);
  }

  get tagName(): string {
    return this.localName.toUpperCase();
  }

  get nodeName(): string {
    return this.tagName;
  }

  get children(): FakeElement[] {
    return this.childNodes.filter((node): node is FakeElement => node instanceof FakeElement);
  }

  get firstChild(): FakeNode | null {
    return this.childNodes[0] ?? null;
  }

  get lastChild(): FakeNode | null {
    return this.childNodes[this.childNodes.length - 1] ?? null;
  }

  get firstElementChild(): FakeElement | null {
    return this.children[0] ?? null;
  }

  get childElementCount(): number {
    return this.children.length;
  }

  override get textContent(): string {
    return this.childNodes.map((node) => node.textContent).join('');
  }

  override set textContent(value: string) {
    this.replaceChildren();
    if (value !== '') this.appendChild(new FakeText(this.ownerDocument, value));
  }

  get innerText(): string {
    return this.textContent;
  }

  set innerText(value: string) {
    this.textContent = value;
  }

  get innerHTML(): string {
    return this.childNodes.map(serialize).join('');
  }

  set innerHTML(value: string) {
    if (value !== '')
      throw new Error('The headless DOM does not parse HTML; build elements instead.');
    this.replaceChildren();
  }

  get outerHTML(): string {
    return serialize(this);
  }

  get value(): string {
    if (this.localName === 'select') return this.selectedOption()?.value ?? '';
    if (this.localName === 'option') return this.attributes.get('value') ?? this.textContent;
    return this.formValue;
  }

  set value(value: string) {
    if (this.localName === 'select') {
      const isKnown = this.options.some((option) => option.value === value);
      this.selection = isKnown ? { kind: 'value', value } : { kind: 'none' };
    } else if (this.localName === 'option') {
      this.setAttribute('value', value);
    } else {
      this.formValue = value;
    }
  }

  get options(): FakeElement[] {
    return this.querySelectorAll('option');
  }

  get selectedIndex(): number {
    const option = this.selectedOption();
    return option ? this.options.indexOf(option) : -1;
  }

  get id(): string {
    return this.getAttribute('id') ?? '';
  }

  set id(value: string) {
    this.setAttribute('id', value);
  }

  get className(): string {
    return this.getAttribute('class') ?? '';
  }

  set className(value: string) {
    this.setAttribute('class', value);
  }

  get type(): string {
    return this.getAttribute('type') ?? (this.localName === 'input' ? 'text' : '');
  }

  set type(value: string) {
    this.setAttribute('type', value);
  }

  get placeholder(): string {
    return this.getAttribute('placeholder') ?? '';
  }

  set placeholder(value: string) {
    this.setAttribute('placeholder', value);
  }

  get title(): string {
    return this.getAttribute('title') ?? '';
  }

  set title(value: string) {
    this.setAttribute('title', value);
  }

  get href(): string {
    return this.getAttribute('href') ?? '';
  }

  set href(value: string) {
    this.setAttribute('href', value);
  }

  get disabled(): boolean {
    return this.hasAttribute('disabled');
  }

  set disabled(value: boolean) {
    this.toggleAttribute('disabled', value);
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name.toLowerCase(), String(value));
  }

  removeAttribute(name: string): void {
    this.attributes.delete(name.toLowerCase());
  }

  hasAttribute(name: string): boolean {
    return this.attributes.has(name.toLowerCase());
  }

  toggleAttribute(name: string, force?: boolean): boolean {
    const shouldHave = force ?? !this.hasAttribute(name);
    if (shouldHave) this.setAttribute(name, '');
    else this.removeAttribute(name);
    return shouldHave;
  }

  getAttributeNames(): string[] {
    return [...this.attributes.keys()];
  }

  appendChild<T extends FakeNode>(node: T): T {
    return this.insertBefore(node, null);
  }

  insertBefore<T extends FakeNode>(node: T, reference: FakeNode | null): T {
    if (node instanceof FakeFragment) {
      for (const child of [...node.childNodes]) this.insertBefore(child, reference);
      return node;
    }
    node.remove();
    const at = reference ? this.childNodes.indexOf(reference) : -1;
    if (at >= 0) this.childNodes.splice(at, 0, node);
    else this.childNodes.push(node);
    node.parentNode = this;
    return node;
  }

  append(...nodes: Array<FakeNode | string>): void {
    for (const node of nodes) this.appendChild(this.asNode(node));
  }

  prepend(...nodes: Array<FakeNode | string>): void {
    const first = this.firstChild;
    for (const node of nodes) this.insertBefore(this.asNode(node), first);
  }

  removeChild<T extends FakeNode>(node: T): T {
    const at = this.childNodes.indexOf(node);
    if (at >= 0) this.childNodes.splice(at, 1);
    node.parentNode = null;
    return node;
  }

  replaceChildren(...nodes: Array<FakeNode | string>): void {
    for (const child of [...this.childNodes]) this.removeChild(child);
    this.append(...nodes);
  }

  contains(node: FakeNode | null): boolean {
    for (let at: FakeNode | null = node; at; at = at.parentNode) if (at === this) return true;
    return false;
  }

  matches(selector: string): boolean {
    return parseSelectorList(selector).some((chain) => matchesChain(this, chain));
  }

  closest(selector: string): FakeElement | null {
    if (this.matches(selector)) return this;
    return this.parentNode ? this.parentNode.closest(selector) : null;
  }

  querySelector(selector: string): FakeElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }

  querySelectorAll(selector: string): FakeElement[] {
    const chains = parseSelectorList(selector);
    return descendants(this).filter((el) => chains.some((chain) => matchesChain(el, chain)));
  }

  getElementsByTagName(tag: string): FakeElement[] {
    return descendants(this).filter((el) => tag === '*' || el.localName === tag.toLowerCase());
  }

  click(): void {
    if (this.disabled) return;
    if (this.localName === 'input' && this.type === 'checkbox') this.checked = !this.checked;
    this.dispatchEvent(new Event('click', { bubbles: true, cancelable: true }));
  }

  focus(): void {
    this.ownerDocument.activeElement = this;
  }

  blur(): void {
    if (this.ownerDocument.activeElement === this) this.ownerDocument.activeElement = null;
  }

  select(): void {
    // Text selection has no meaning without a screen.
  }

  getBoundingClientRect(): {
    x: number;
    y: number;
    width: number;
    height: number;
    top: number;
    left: number;
    right: number;
    bottom: number;
  } {
    return { x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0 };
  }

  private asNode(node: FakeNode | string): FakeNode {
    return typeof node === 'string' ? new FakeText(this.ownerDocument, node) : node;
  }

  private selectedOption(): FakeElement | null {
    const options = this.options;
    if (this.selection.kind === 'none') return null;
    if (this.selection.kind === 'first')
      return options.find((option) => option.selected) ?? options[0] ?? null;
    const wanted = this.selection.value;
    return options.find((option) => option.value === wanted) ?? null;
  }
}

/** A document fragment: its children move into the parent it is appended to. */
export class FakeFragment extends FakeElement {
  override readonly nodeType = 11;

  constructor(ownerDocument: FakeDocument) {
    super(ownerDocument, '#document-fragment');
  }
}

export class FakeClassList {
  constructor(private readonly owner: FakeElement) {}

  get length(): number {
    return this.tokens().length;
  }

  get value(): string {
    return this.tokens().join(' ');
  }

  add(...tokens: string[]): void {
    this.write([...new Set([...this.tokens(), ...tokens.filter((token) => token !== '')])]);
  }

  remove(...tokens: string[]): void {
    this.write(this.tokens().filter((token) => !tokens.includes(token)));
  }

  contains(token: string): boolean {
    return this.tokens().includes(token);
  }

  toggle(token: string, force?: boolean): boolean {
    const shouldHave = force ?? !this.contains(token);
    if (shouldHave) this.add(token);
    else this.remove(token);
    return shouldHave;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.tokens()[Symbol.iterator]();
  }

  private tokens(): string[] {
    return (this.owner.getAttribute('class') ?? '').split(/\s+/).filter((token) => token !== '');
  }

  private write(tokens: string[]): void {
    this.owner.setAttribute('class', tokens.join(' '));
  }
}

/** Inline style as a bag of properties; nothing is computed from it except `display`. */
export class FakeStyle {
  [property: string]: unknown;

  setProperty(name: string, value: string): void {
    this[name] = value;
  }

  getPropertyValue(name: string): string {
    const value = this[name];
    return typeof value === 'string' ? value : '';
  }

  removeProperty(name: string): string {
    const previous = this.getPropertyValue(name);
    delete this[name];
    return previous;
  }
}

export class FakeDocument extends EventTarget {
  readonly body: FakeElement;
  readonly documentElement: FakeElement;
  activeElement: FakeElement | null = null;

  constructor() {
    super();
    this.documentElement = new FakeElement(this, 'html');
    this.body = this.documentElement.appendChild(new FakeElement(this, 'body'));
  }

  createElement(tag: string): FakeElement {
    return new FakeElement(this, tag);
  }

  createElementNS(_namespace: string, tag: string): FakeElement {
    return new FakeElement(this, tag);
  }

  createTextNode(data: string): FakeText {
    return new FakeText(this, data);
  }

  createDocumentFragment(): FakeFragment {
    return new FakeFragment(this);
  }

  querySelector(selector: string): FakeElement | null {
    return this.documentElement.querySelector(selector);
  }

  querySelectorAll(selector: string): FakeElement[] {
    return this.documentElement.querySelectorAll(selector);
  }
}

interface Compound {
  tag: string | null;
  id: string | null;
  classes: string[];
  attributes: Array<{ name: string; value: string | null }>;
}

type Chain = Array<{ compound: Compound; combinator: ' ' | '>' }>;

function parseSelectorList(selector: string): Chain[] {
  return selector.split(',').map((part) => parseChain(part.trim()));
}

function parseChain(selector: string): Chain {
  const chain: Chain = [];
  const tokens = selector
    .replace(/\s*>\s*/g, ' > ')
    .split(/\s+/)
    .filter((token) => token !== '');
  let combinator: ' ' | '>' = ' ';
  for (const token of tokens) {
    if (token === '>') {
      combinator = '>';
      continue;
    }
    chain.push({ compound: parseCompound(token), combinator });
    combinator = ' ';
  }
  return chain;
}

function parseCompound(token: string): Compound {
  const compound: Compound = { tag: null, id: null, classes: [], attributes: [] };
  const pattern = /([.#]?)([\w-]+|\*)|\[([\w-]+)(?:="?([^"\]]*)"?)?\]/g;
  for (const match of token.matchAll(pattern)) {
    const [, prefix, name, attribute, value] = match;
    if (attribute !== undefined)
      compound.attributes.push({ name: attribute, value: value ?? null });
    else if (prefix === '.') compound.classes.push(name ?? '');
    else if (prefix === '#') compound.id = name ?? null;
    else if (name !== '*') compound.tag = (name ?? '').toLowerCase();
  }
  return compound;
}

function matchesCompound(el: FakeElement, compound: Compound): boolean {
  if (compound.tag !== null && el.localName !== compound.tag) return false;
  if (compound.id !== null && el.id !== compound.id) return false;
  if (!compound.classes.every((cls) => el.classList.contains(cls))) return false;
  return compound.attributes.every(({ name, value }) =>
    value === null ? el.hasAttribute(name) : el.getAttribute(name) === value,
  );
}

function matchesChain(el: FakeElement, chain: Chain, end = chain.length - 1): boolean {
  const step = chain[end];
  if (!step) return true;
  if (!matchesCompound(el, step.compound)) return false;
  if (end === 0) return true;
  if (step.combinator === '>')
    return el.parentNode ? matchesChain(el.parentNode, chain, end - 1) : false;
  for (let at = el.parentNode; at; at = at.parentNode) {
    if (matchesChain(at, chain, end - 1)) return true;
  }
  return false;
}

function descendants(root: FakeElement): FakeElement[] {
  const found: FakeElement[] = [];
  const walk = (el: FakeElement): void => {
    for (const child of el.children) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

function serialize(node: FakeNode): string {
  if (node instanceof FakeText) return escapeText(node.data);
  if (!(node instanceof FakeElement)) return '';
  const attributes = node
    .getAttributeNames()
    .map((name) => ` ${name}="${escapeText(node.getAttribute(name) ?? '')}"`)
    .join('');
  return `<${node.localName}${attributes}>${node.innerHTML}</${node.localName}>`;
}

function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
