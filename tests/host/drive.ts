/**
 * Test drivers: they act on the UI the way a user does, through DOM events on the elements
 * Obsidian's components listen to, so they work on the fake DOM and under jsdom alike.
 */
import type * as Obsidian from 'obsidian';
import { newEvent } from './dom';
import { suggestionsShownBy } from './modal';
import { runtime } from './runtime';
import { settingOfElement } from './setting';

type TextTarget =
  { inputEl: HTMLInputElement | HTMLTextAreaElement } | HTMLInputElement | HTMLTextAreaElement;

function inputOf(target: TextTarget): HTMLInputElement | HTMLTextAreaElement {
  return 'inputEl' in target ? target.inputEl : target;
}

/** Replaces the field's text with `value` and fires 'input', as typing does. */
export function typeInto(target: TextTarget, value: string): void {
  const input = inputOf(target);
  input.value = value;
  input.dispatchEvent(newEvent('input'));
}

/** Picks `value` in a dropdown and fires 'change'. @throws Error when no option has that value. */
export function chooseOption(
  target: { selectEl: HTMLSelectElement } | HTMLSelectElement,
  value: string,
): void {
  const select = 'selectEl' in target ? target.selectEl : target;
  const values = Array.from(select.querySelectorAll('option')).map((option) => option.value);
  if (!values.includes(value))
    throw new Error(`No option ${value}; the options are ${values.join(', ')}`);
  select.value = value;
  select.dispatchEvent(newEvent('change'));
}

/** Clicks an element, or the element of a button or toggle component. */
export function click(
  target:
    | HTMLElement
    | { buttonEl: HTMLElement }
    | { toggleEl: HTMLElement }
    | { extraSettingsEl: HTMLElement },
): void {
  const el =
    'buttonEl' in target
      ? target.buttonEl
      : 'toggleEl' in target
        ? target.toggleEl
        : 'extraSettingsEl' in target
          ? target.extraSettingsEl
          : target;
  el.dispatchEvent(newEvent('click'));
}

/** The `Setting` rows under `container`, in document order. */
export function settingsIn(container: HTMLElement): Obsidian.Setting[] {
  return Array.from(container.querySelectorAll('.setting-item'))
    .map((el) => settingOfElement(el))
    .filter((setting) => setting !== undefined) as unknown as Obsidian.Setting[];
}

/** The names of the setting rows under `container`. */
export function settingNames(container: HTMLElement): string[] {
  return settingsIn(container).map((setting) => setting.nameEl.textContent ?? '');
}

/** The setting row named `name`. @throws Error listing the names when there is none. */
export function findSetting(container: HTMLElement, name: string): Obsidian.Setting {
  const found = settingsIn(container).find((setting) => setting.nameEl.textContent === name);
  if (!found)
    throw new Error(`No setting named ${name}; found: ${settingNames(container).join(', ')}`);
  return found;
}

/** The first component of a row that is an instance of `type` (real or host class). */
export function componentOf<C>(
  setting: Obsidian.Setting,
  type: abstract new (...args: never[]) => C,
): C {
  const found = setting.components.find((component) => component instanceof type);
  if (!found) throw new Error(`The setting has no ${type.name}`);
  return found as C;
}

/**
 * Types `query` into a suggest modal and returns the suggestions it then shows, with the text
 * each one rendered. Waits for asynchronous `getSuggestions`.
 */
export async function suggest<T>(
  modal: Obsidian.SuggestModal<T>,
  query = modal.inputEl.value,
): Promise<Array<{ value: T; text: string }>> {
  typeInto(modal.inputEl, query);
  await runtime.settle(10_000);
  const values = suggestionsShownBy(modal) as T[];
  const rendered = Array.from(modal.resultContainerEl.querySelectorAll('.suggestion-item'));
  return values.map((value, at) => ({ value, text: rendered[at]?.textContent ?? '' }));
}

/**
 * Clicks the suggestion at `index`, or the first whose rendered text is `text`: the modal
 * closes, then its `onChooseSuggestion` runs.
 * @throws Error when there is no such suggestion.
 */
export function chooseSuggestion(
  modal: Obsidian.SuggestModal<unknown>,
  pick: number | string,
): void {
  const rendered = Array.from(
    modal.resultContainerEl.querySelectorAll<HTMLElement>('.suggestion-item'),
  );
  const el =
    typeof pick === 'number' ? rendered[pick] : rendered.find((item) => item.textContent === pick);
  if (!el) {
    const texts = rendered.map((item) => item.textContent).join(', ');
    throw new Error(`No suggestion ${String(pick)}; shown: ${texts}`);
  }
  el.dispatchEvent(newEvent('click'));
}

/** The text a modal shows: its title and content. */
export function modalText(modal: Obsidian.Modal): string {
  return `${modal.titleEl.textContent ?? ''}\n${modal.contentEl.textContent ?? ''}`.trim();
}
