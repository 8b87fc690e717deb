import { type App, type Plugin, TFile } from 'obsidian';

import type { Kind } from '../entities/model';
import type { KiraVault } from '../obsidian/kira-vault';
import type { KiraRuntime } from '../obsidian/runtime';
import { HistoryModal } from './history-modal';
import { QuarantineModal } from './quarantine-view';
import { allowedTargets } from '../tasks/state-machine';
import { statusLabel } from '../tasks/labels';
import { inform, ProgressNotice, reportError } from './notify';
import { askText, pickStatus } from './prompts';
import { summarize, VaultReportModal } from './vault-report-modal';

const TITLE_LIMIT = 200;

/** Registers Kira's commands on the plugin. */
export function registerCommands(plugin: Plugin, runtime: KiraRuntime): void {
  const { app } = plugin;
  const { vault } = runtime;

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
    callback: () => void validateVault(app, runtime, false),
  });

  plugin.addCommand({
    id: 'revalidate-vault',
    name: 'Revalidate vault and update the quarantine',
    callback: () => void validateVault(app, runtime, true),
  });

  plugin.addCommand({
    id: 'open-quarantine',
    name: 'Open quarantine',
    callback: () => openQuarantine(app, runtime),
  });

  plugin.addCommand({
    id: 'show-note-history',
    name: "Show this note's history",
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      const entity = file ? vault.index.at(file.path) : undefined;
      if (checking) return entity !== undefined;
      if (entity) new HistoryModal(app, entity.id, () => runtime.history(entity.id)).open();
      return true;
    },
  });
}

/** Opens the quarantine view. */
export function openQuarantine(app: App, runtime: KiraRuntime): void {
  new QuarantineModal(app, runtime.quarantine, {
    currentText: async (path) => {
      const file = app.vault.getFileByPath(path);
      return file ? app.vault.read(file) : null;
    },
    restore: (itemId) => runtime.restore(itemId),
  }).open();
}

/** The reason prompt of the edit guard: a modal, null when the user closes it. */
export function reasonPrompt(
  app: App,
): (question: { needs: string; message: string }) => Promise<string | null> {
  return async ({ needs, message }) => {
    try {
      return await askText(app, {
        title: message,
        label: needs === 'blocked_reason' ? 'Blocked because' : 'Reopened because',
      });
    } catch {
      return null;
    }
  };
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

async function validateVault(
  app: App,
  runtime: KiraRuntime,
  updateQuarantine: boolean,
): Promise<void> {
  try {
    const progress = new ProgressNotice('Checking notes');
    const report = await runtime.validate(
      (done, total) => progress.update(done, total),
      updateQuarantine,
    );
    progress.finish(summarize(report));
    new VaultReportModal(app, report).open();
  } catch (error) {
    reportError(error, 'Could not check the vault');
  }
}
