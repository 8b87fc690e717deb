import { type App, type Plugin, TFile } from 'obsidian';

import type { Kind } from '../entities/model';
import type { KiraVault } from '../obsidian/kira-vault';
import { allowedTargets } from '../tasks/state-machine';
import { statusLabel } from '../tasks/labels';
import { inform, ProgressNotice, reportError } from './notify';
import { askText, pickStatus } from './prompts';
import { summarize, VaultReportModal } from './vault-report-modal';

const TITLE_LIMIT = 200;

/** Registers Kira's commands on the plugin. */
export function registerCommands(plugin: Plugin, vault: KiraVault): void {
  const { app } = plugin;

  for (const kind of ['task', 'note', 'event'] as const) {
    plugin.addCommand({
      id: `create-${kind}`,
      name: `Create ${kind}`,
      callback: () => void createEntity(app, vault, kind),
    });
  }

  plugin.addCommand({
    id: 'set-task-status',
    name: 'Set task status',
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      const isTask = file !== null && vault.index.at(file.path)?.kind === 'task';
      if (checking) return isTask;
      if (file && isTask) void setTaskStatus(app, vault, file);
      return true;
    },
  });

  plugin.addCommand({
    id: 'validate-vault',
    name: 'Validate vault',
    callback: () => void validateVault(app, vault),
  });
}

async function createEntity(app: App, vault: KiraVault, kind: Kind): Promise<void> {
  try {
    const title = await askText(app, {
      title: `New ${kind}`,
      label: 'Title',
      check: (text) =>
        text.length > TITLE_LIMIT ? `A title can have at most ${TITLE_LIMIT} characters.` : null,
    });
    const file = await vault.createEntity(kind, title);
    await app.workspace.getLeaf(false).openFile(file);
    inform(`created ${kind} "${title}".`);
  } catch (error) {
    reportError(error, `Could not create the ${kind}`, 'Check the folder setting and try again.');
  }
}

/** Asks for the next status among the allowed ones, then for a reason if a guard needs one. */
async function setTaskStatus(app: App, vault: KiraVault, file: TFile): Promise<void> {
  try {
    const from = await vault.currentStatus(file);
    if (from === null) {
      inform(`${file.basename} has no valid status. Run "Validate vault" to see why.`);
      return;
    }
    const to = await pickStatus(app, from, allowedTargets(from));

    let outcome = await vault.setStatus(file, to);
    if (!outcome.ok && outcome.refusal.needs) {
      const reason = await askText(app, {
        title: `Why is it ${statusLabel(to).toLowerCase()}?`,
        label: outcome.refusal.needs === 'blocked_reason' ? 'Blocked because' : 'Reopened because',
      });
      outcome = await vault.setStatus(file, to, reason);
    }

    if (outcome.ok) inform(`${file.basename}: ${statusLabel(outcome.from)} → ${statusLabel(to)}.`);
    else inform(outcome.refusal.message);
  } catch (error) {
    reportError(error, `Could not change the status of ${file.basename}`);
  }
}

async function validateVault(app: App, vault: KiraVault): Promise<void> {
  try {
    const progress = new ProgressNotice('Checking notes');
    const report = await vault.validateVault((done, total) => progress.update(done, total));
    progress.finish(summarize(report));
    new VaultReportModal(app, report).open();
  } catch (error) {
    reportError(error, 'Could not check the vault');
  }
}
