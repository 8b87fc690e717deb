import { frontmatterHash } from '../../src/frontmatter';

describe('frontmatterHash', () => {
  const task = {
    id: 'task-1',
    status: 'todo',
    tags: ['a', 'b'],
    'x-kira': { version: 1, source: 'kira' },
  };

  it('is 16 hex digits', () => {
    expect(frontmatterHash(task)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('does not depend on key order, at any depth', () => {
    const reordered = {
      'x-kira': { source: 'kira', version: 1 },
      tags: ['a', 'b'],
      status: 'todo',
      id: 'task-1',
    };

    expect(frontmatterHash(reordered)).toBe(frontmatterHash(task));
  });

  it('tells edits apart', () => {
    const variants = [
      { ...task, status: 'doing' },
      { ...task, tags: ['b', 'a'] },
      { ...task, 'x-kira': { version: 2, source: 'kira' } },
      { ...task, extra: null },
      { ...task, status: 1 },
    ];

    const hashes = new Set([task, ...variants].map(frontmatterHash));

    expect(hashes.size).toBe(variants.length + 1);
  });

  it('tells no frontmatter from an empty block, and NaN from null', () => {
    expect(frontmatterHash(null)).not.toBe(frontmatterHash({}));
    expect(frontmatterHash({ a: NaN })).not.toBe(frontmatterHash({ a: null }));
  });

  it('ignores undefined properties, as JSON does', () => {
    expect(frontmatterHash({ a: 1, b: undefined })).toBe(frontmatterHash({ a: 1 }));
  });
});
