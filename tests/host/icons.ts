const customIcons = new Map<string, string>();

/** Replaces the element's content with an `<svg>` naming the icon (no artwork is drawn). */
export function setIcon(parent: HTMLElement, iconId: string): void {
  parent.empty();
  parent.createSvg('svg', {
    cls: ['svg-icon', `lucide-${iconId}`],
    attr: { 'data-icon': iconId, width: 24, height: 24 },
  });
}

export function addIcon(iconId: string, svgContent: string): void {
  customIcons.set(iconId, svgContent);
}

export function removeIcon(iconId: string): void {
  customIcons.delete(iconId);
}

export function getIconIds(): string[] {
  return [...customIcons.keys()];
}

/** Null: the host draws no icons. */
export function getIcon(_iconId: string): null {
  return null;
}

/** Sets the hover text as `aria-label`, where Obsidian keeps it. */
export function setTooltip(el: HTMLElement, tooltip: string): void {
  el.setAttr('aria-label', tooltip);
}
