import type { LogAdapter } from '../../src/logs/adapter';

/**
 * An in-memory stand-in for Obsidian's DataAdapter, as strict as the real one is documented
 * to be: writing into a folder that does not exist fails, `append` needs the file, `list`
 * returns vault-relative paths of direct children.
 */
export class MemoryAdapter implements LogAdapter {
  readonly files = new Map<string, string>();
  readonly folders = new Set<string>();
  readonly calls: string[] = [];
  failNext = 0;

  async exists(path: string): Promise<boolean> {
    return this.files.has(path) || this.folders.has(path);
  }

  async mkdir(path: string): Promise<void> {
    this.record('mkdir', path);
    this.requireParent(path);
    this.folders.add(path);
  }

  async append(path: string, data: string): Promise<void> {
    this.record('append', path);
    if (!this.files.has(path)) throw new Error(`ENOENT: ${path}`);
    this.files.set(path, this.files.get(path)! + data);
  }

  async read(path: string): Promise<string> {
    const text = this.files.get(path);
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  }

  async write(path: string, data: string): Promise<void> {
    this.record('write', path);
    this.requireParent(path);
    this.files.set(path, data);
  }

  async list(path: string): Promise<{ files: string[]; folders: string[] }> {
    const children = (paths: Iterable<string>) =>
      [...paths].filter((p) => p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes('/'));
    return { files: children(this.files.keys()), folders: children(this.folders) };
  }

  async remove(path: string): Promise<void> {
    this.record('remove', path);
    this.files.delete(path);
  }

  private record(operation: string, path: string): void {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('disk full');
    }
    this.calls.push(`${operation} ${path}`);
  }

  private requireParent(path: string): void {
    const parent = path.split('/').slice(0, -1).join('/');
    if (parent !== '' && !this.folders.has(parent)) throw new Error(`ENOENT: ${parent}`);
  }
}
