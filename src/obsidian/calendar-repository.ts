import type { App } from 'obsidian';

import type { EntityNote, EntityRepository, WriteOrigin } from '../calendar/repository';
import { type Frontmatter, type Kind, isKind } from '../entities/model';
import { editNote, type FrontmatterChanges, parseNote, serializeCanonical } from '../frontmatter';
import type { WriteQueue } from '../queue/write-queue';
import type { EntityIndex } from '../vault/entity-index';
import { fileNameFor, freePath } from '../vault/file-names';

/** Notes read between two yields to the interface while listing. */
const LIST_BATCH = 100;

/**
 * The sync engine's notes in an Obsidian vault. Notes are found by id through the id index
 * (built from the metadata cache, so finding one reads nothing); a note's text is read only
 * when the engine asks for the note, and parsed by Kira's own codec, because the metadata
 * cache lags Kira's writes and the engine decides on what the note holds now.
 *
 * Every write goes through the write queue (validated, ordered per entity, recorded as Kira's
 * own so the edit guard and the sync never react to it), with the origin's source and
 * correlation id. A refused write rejects, as the engine expects.
 */
export class ObsidianEntityRepository implements EntityRepository {
  constructor(
    private readonly app: App,
    private readonly index: EntityIndex,
    private readonly queue: WriteQueue,
    /** The folder new notes of a kind go to (a setting, read at each creation). */
    private readonly folderOf: (kind: Kind) => string,
  ) {}

  /**
   * Every indexed note of one of `kinds`, each read from the vault. Yields to the interface
   * between batches; runs at start-up and before a full resync, not on every change.
   */
  async list(kinds: readonly Kind[]): Promise<EntityNote[]> {
    const entities = [...this.index.entities()].filter((entity) => kinds.includes(entity.kind));
    const notes: EntityNote[] = [];
    for (const [position, entity] of entities.entries()) {
      if (position > 0 && position % LIST_BATCH === 0) await yieldToInterface();
      const note = await this.get(entity.id);
      if (note) notes.push(note);
    }
    return notes;
  }

  async get(id: string): Promise<EntityNote | undefined> {
    const path = this.index.pathOf(id);
    const file = path === undefined ? null : this.app.vault.getFileByPath(path);
    if (!file) return undefined;
    const note = noteOf(id, file.path, await this.app.vault.cachedRead(file), this.index);
    return { ...note, modifiedMs: file.stat.mtime };
  }

  async update(
    id: string,
    change: (note: EntityNote) => FrontmatterChanges | null,
    origin: WriteOrigin,
  ): Promise<EntityNote | undefined> {
    if (this.index.pathOf(id) === undefined) return undefined;

    let kind: Kind = 'note';
    const receipt = await this.queue.edit({
      target: { entityId: id },
      edit: (text) => {
        const revision = this.revise(id, text, change);
        kind = revision.kind;
        return revision;
      },
      source: origin.source,
      correlationId: origin.correlationId,
    });
    return noteOf(id, receipt.path, receipt.text, this.index, kind);
  }

  async createOrUpdate(
    id: string,
    created: { kind: Kind; frontmatter: Frontmatter; body: string },
    change: (note: EntityNote) => FrontmatterChanges | null,
    origin: WriteOrigin,
  ): Promise<EntityNote> {
    let kind: Kind = created.kind;
    const receipt = await this.queue.upsert({
      entityId: id,
      newPath: (isReserved) => this.newPath(created, (path) => isReserved(path)),
      edit: (text) => {
        if (text === null) {
          return { text: serializeCanonical(created.frontmatter, created.body), kind };
        }
        const revision = this.revise(id, text, change);
        kind = revision.kind;
        return revision;
      },
      source: origin.source,
      correlationId: origin.correlationId,
    });
    return noteOf(id, receipt.path, receipt.text, this.index, kind);
  }

  async trash(id: string, origin: WriteOrigin): Promise<boolean> {
    if (this.index.pathOf(id) === undefined) return false;
    await this.queue.trash({
      target: { entityId: id },
      source: origin.source,
      correlationId: origin.correlationId,
    });
    return true;
  }

  private newPath(
    created: { kind: Kind; frontmatter: Frontmatter },
    isReserved: (path: string) => boolean,
  ): string {
    const title = typeof created.frontmatter.title === 'string' ? created.frontmatter.title : '';
    const id = String(created.frontmatter.id);
    const taken = new Set(this.app.vault.getFiles().map((file) => file.path.toLowerCase()));
    return freePath(
      this.folderOf(created.kind),
      fileNameFor(title, id),
      (path) => taken.has(path.toLowerCase()) || isReserved(path),
    );
  }

  /** The edit of an existing note: `change` sees the note as it is now. */
  private revise(
    id: string,
    text: string,
    change: (note: EntityNote) => FrontmatterChanges | null,
  ): { text: string; kind: Kind } {
    const note = noteOf(id, this.index.pathOf(id) ?? '', text, this.index);
    const changes = change(note);
    return { text: changes === null ? text : editNote(text, changes), kind: note.kind };
  }
}

/**
 * A note as the engine sees it, from its text. The kind is the frontmatter's, else the one
 * the index holds (inferred from the folder), else `fallback`.
 */
function noteOf(
  id: string,
  path: string,
  text: string,
  index: EntityIndex,
  fallback: Kind = 'note',
): EntityNote {
  const parsed = parseNote(text);
  const frontmatter: Frontmatter = parsed.ok ? (parsed.note.frontmatter ?? {}) : {};
  const kind = isKind(frontmatter.kind) ? frontmatter.kind : (index.at(path)?.kind ?? fallback);
  return { id, kind, path, frontmatter, text };
}

function yieldToInterface(): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, 0));
}
