import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import esbuild from 'esbuild';
import type { App, Plugin, PluginManifest } from 'obsidian';

import KiraPlugin from '../../src/main';
import { HeadlessHost, obsidianModule } from '../host';
import { manifest, writeDisk } from './support';

// Google's client must not be evaluated while Kira loads: here, evaluating it fails loudly.
jest.mock('@googleapis/calendar', () => {
  throw new Error('@googleapis/calendar was evaluated');
});

type PluginClass = new (app: App, manifest: PluginManifest) => Plugin;

const MOBILE = { isDesktop: false, isMobile: true, isDesktopApp: false, isMobileApp: true };
const NODE_MODULES = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe('the calendar on Obsidian mobile', () => {
  let dir: string;
  let host: HeadlessHost;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kira-mobile-test-'));
    writeDisk(dir, '.obsidian/plugins/kira/data.json', JSON.stringify({ googleClientId: 'id' }));
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  async function open(platform: object, PluginClass: PluginClass = KiraPlugin): Promise<Plugin> {
    host = await HeadlessHost.open(dir, { platform, vaultName: `mobile-${Date.now()}` });
    const plugin = await host.loadPlugin(PluginClass, manifest);
    await host.settle();
    return plugin;
  }

  it('loads without evaluating Google’s client, and says the sync is desktop only', async () => {
    await open(MOBILE);

    host.runCommand('kira:sync-google-calendar');
    host.runCommand('kira:google-sign-in');
    await host.settle();

    const notices = host.noticeMessages();
    expect(notices[0]).toContain('needs Obsidian on a computer');
    expect(notices[1]).toMatch(/Could not sign in to Google\. .*needs Obsidian on a computer/);
    expect(host.statusBarItems.map((el) => el.textContent)).toContain('Calendar: desktop only');
    expect(host.errors).toEqual([]);
  });

  it('loads on desktop too without evaluating it, until a sign-in needs it', async () => {
    await open({});

    host.runCommand('kira:google-sign-in');
    await host.settle();

    expect(host.noticeMessages().at(-1)).toContain('@googleapis/calendar was evaluated');
  });

  it('loads the built bundle with every Node module refused', async () => {
    const bundle = await buildBundle();
    const refused: string[] = [];

    try {
      const PluginClass = evaluateBundle(bundle.file, (id) => refused.push(id));
      await open(MOBILE, PluginClass);
    } finally {
      bundle.remove();
    }

    host.runCommand('kira:sync-google-calendar');
    await host.settle();
    expect(refused).toEqual([]);
    expect(host.ribbonIcons.map((icon) => icon.title)).toContain('Sync with Google Calendar');
    expect(host.noticeMessages().at(-1)).toContain('needs Obsidian on a computer');
  });
});

/** Builds `src/main.ts` as the production build does, into a temporary folder. */
async function buildBundle(): Promise<{ file: string; remove: () => void }> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'kira-bundle-'));
  const file = path.join(outDir, 'main.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, '../../src/main.ts')],
    bundle: true,
    external: ['obsidian', ...NODE_MODULES],
    format: 'cjs',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    outfile: file,
    logLevel: 'silent',
  });
  return { file, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

/** Evaluates a CommonJS bundle as Obsidian mobile would: `obsidian` only, no Node module. */
function evaluateBundle(file: string, onRefused: (id: string) => void): PluginClass {
  const pluginModule: { exports: unknown } = { exports: {} };
  const pluginRequire = (id: string): unknown => {
    if (id === 'obsidian') return obsidianModule;
    onRefused(id);
    throw new Error(`${NODE_MODULES.has(id) ? 'Node module' : 'module'} ${id} is not available`);
  };
  // `Function` of the test's own realm, so the bundle sees the host's globals (`window`, ...).
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the bundle is the point
  const wrapper = new Function('module', 'exports', 'require', readFileSync(file, 'utf8')) as (
    module: { exports: unknown },
    exports: unknown,
    require: (id: string) => unknown,
  ) => void;
  wrapper(pluginModule, pluginModule.exports, pluginRequire);
  return HeadlessHost.pluginClassOf(pluginModule.exports);
}
