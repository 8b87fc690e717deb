import { click, modalText } from '../host';
import { type KiraVaultUnderTest, openKira, taskNote, waitFor } from './support';

const PASSPORT = 'Tasks/Renew passport.md';

function button(container: HTMLElement, label: string): HTMLElement {
  const found = Array.from(container.querySelectorAll('button')).find(
    (el) => el.textContent === label,
  );
  if (!found) throw new Error(`No button ${label}`);
  return found;
}

describe('the quarantine view', () => {
  let kira: KiraVaultUnderTest;
  let refused: string;

  beforeEach(async () => {
    kira = await openKira({ [PASSPORT]: taskNote('Renew passport') });
    refused = kira
      .read(PASSPORT)
      .replace('status: todo', 'status: review')
      .replace('priority: normal', 'priority: high');
    await kira.write(PASSPORT, refused);
    await kira.settle();
  });

  afterEach(async () => {
    await kira.close();
  });

  async function openFromStatusBar() {
    const item = kira.host.statusBarItems.find((el) => el.textContent?.includes('quarantine'));
    if (!item) throw new Error('no quarantine count in the status bar');
    click(item);
    return waitFor(() => kira.host.topModal(), 'the quarantine view');
  }

  it('opens from the status bar and lists each item with its reason', async () => {
    const view = await openFromStatusBar();

    const text = modalText(view);
    expect(text).toContain('Kira quarantine');
    expect(text).toContain(`Refused status change: ${PASSPORT}`);
    expect(text).toContain("can't go from To do straight to Review");
  });

  it('shows what differs from the note now and the full kept text', async () => {
    const view = await openFromStatusBar();
    click(button(view.contentEl, 'Inspect'));
    await kira.settle();

    const text = modalText(view);
    expect(text).toContain('these properties differ: status');
    expect(text).toContain('the body is the same');
    expect(view.contentEl.querySelector('pre')?.textContent).toBe(refused);
  });

  it('restores the kept version through the write queue, as a recorded forced transition', async () => {
    const view = await openFromStatusBar();
    click(button(view.contentEl, 'Restore'));
    await kira.settle();

    const restored = kira.read(PASSPORT);
    expect(restored).toContain('status: review');
    expect(restored).toContain('priority: high');
    expect(restored).toMatch(/^forced_transition:\n( {2}.*\n)* {2}by: quarantine restore$/m);
    expect(restored).toMatch(/^transition_count: 1$/m);
    expect(kira.plugin.runtime.quarantine.count()).toBe(0);
    expect(kira.plugin.runtime.quarantine.list({ status: 'restored' })).toHaveLength(1);
    expect(modalText(view)).toContain('Nothing is in quarantine.');
  });

  it('discards an item without touching the note', async () => {
    const before = kira.read(PASSPORT);
    const view = await openFromStatusBar();
    click(button(view.contentEl, 'Discard'));
    await kira.settle();

    expect(kira.read(PASSPORT)).toBe(before);
    expect(kira.plugin.runtime.quarantine.list({ status: 'discarded' })).toHaveLength(1);
    expect(kira.host.statusBarItems.map((el) => el.textContent).join()).toContain(
      'quarantine empty',
    );
  });
});
