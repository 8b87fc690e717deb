import type { Kind } from '../entities/model';

/** What the index keeps of one entity: enough to find it, never its content. */
export interface IndexedEntity {
  id: string;
  kind: Kind;
  path: string;
}

/** Two or more notes that claim the same id. */
export interface IdClaim {
  id: string;
  paths: string[];
}

/**
 * The id → path map of the vault's entities. An entity is found by its `id`, never by its
 * path: a rename moves the entry, and two notes claiming one id are reported, not merged.
 *
 * Memory grows with the number of entities (a few short strings each), not with note size.
 */
export class EntityIndex {
  private readonly byPath = new Map<string, IndexedEntity>();
  private readonly pathsById = new Map<string, Set<string>>();

  get size(): number {
    return this.byPath.size;
  }

  /** Records (or replaces) the entity stored at `entity.path`. */
  upsert(entity: IndexedEntity): void {
    this.remove(entity.path);
    this.byPath.set(entity.path, entity);

    const paths = this.pathsById.get(entity.id) ?? new Set<string>();
    paths.add(entity.path);
    this.pathsById.set(entity.id, paths);
  }

  /** Forgets whatever entity was stored at `path`; a path that held none is ignored. */
  remove(path: string): void {
    const entity = this.byPath.get(path);
    if (!entity) return;

    this.byPath.delete(path);
    const paths = this.pathsById.get(entity.id);
    paths?.delete(path);
    if (paths?.size === 0) this.pathsById.delete(entity.id);
  }

  /** Moves an entity to its new path, keeping its id. */
  rename(oldPath: string, newPath: string): void {
    const entity = this.byPath.get(oldPath);
    if (!entity) return;
    this.remove(oldPath);
    this.upsert({ ...entity, path: newPath });
  }

  has(id: string): boolean {
    return this.pathsById.has(id);
  }

  /** The one path of `id`; the alphabetically first when several notes claim it. */
  pathOf(id: string): string | undefined {
    const paths = this.pathsById.get(id);
    if (!paths) return undefined;
    return [...paths].sort()[0];
  }

  at(path: string): IndexedEntity | undefined {
    return this.byPath.get(path);
  }

  /** Every id claimed by more than one note, with the paths that claim it. */
  conflicts(): IdClaim[] {
    const claims: IdClaim[] = [];
    for (const [id, paths] of this.pathsById) {
      if (paths.size > 1) claims.push({ id, paths: [...paths].sort() });
    }
    return claims.sort((a, b) => a.id.localeCompare(b.id));
  }

  entities(): IterableIterator<IndexedEntity> {
    return this.byPath.values();
  }

  clear(): void {
    this.byPath.clear();
    this.pathsById.clear();
  }
}
