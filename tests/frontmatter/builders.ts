import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A note from frontmatter lines and a body, with the given line ending and an optional BOM. */
export function note(
  frontmatter: string[] | null,
  body = 'Body text.\n',
  options: { eol?: '\n' | '\r\n'; bom?: boolean } = {},
): string {
  const eol = options.eol ?? '\n';
  const block = frontmatter === null ? '' : ['---', ...frontmatter, '---'].join(eol) + eol;
  return (options.bom ? '\uFEFF' : '') + block + body;
}

/** The lines of `text`, split on LF (a CR stays on its line). */
export function linesOf(text: string): string[] {
  return text.split('\n');
}

/**
 * The lines of `after` that are not in `before`, and the reverse, by a longest common
 * subsequence; enough to say which lines an edit touched.
 */
export function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = linesOf(before);
  const b = linesOf(after);
  const lengths = a.map(() => new Array<number>(b.length + 1).fill(0));
  lengths.push(new Array<number>(b.length + 1).fill(0));

  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i]![j] =
        a[i] === b[j]
          ? lengths[i + 1]![j + 1]! + 1
          : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }

  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      added.push(b[j]!);
      j += 1;
    } else {
      removed.push(a[i]!);
      i += 1;
    }
  }
  return { removed, added };
}

export const CORPORA = '/work/shared/corpora';
export const VAULTS = ['obsidian-help-en', 'tasks-demo'];

export interface CorpusNote {
  /** Vault name and path inside it, for test names. */
  name: string;
  text: string;
}

/** Every `.md` note of both vaults, read as UTF-8 (the vaults are never written). */
export function corpusNotes(): CorpusNote[] {
  return VAULTS.flatMap((vault) =>
    markdownFiles(join(CORPORA, vault)).map((path) => ({
      name: `${vault}/${relative(join(CORPORA, vault), path)}`,
      text: readFileSync(path, 'utf8'),
    })),
  );
}

function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}
