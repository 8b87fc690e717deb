import { describeDifference } from '../../src/quarantine/difference';

const note = (frontmatter: string[], body = 'Body.\n'): string =>
  ['---', ...frontmatter, '---', ''].join('\n') + body;

describe('what differs from the current note', () => {
  it('lists the changed, added and removed keys, sorted, and says the body is the same', () => {
    const original = note(['status: review', 'title: Report', 'tags:', '  - a']);
    const current = note(['status: todo', 'title: Report', 'priority: high']);

    expect(describeDifference(original, current)).toEqual({
      changedKeys: ['priority', 'status', 'tags'],
      isBodyDifferent: false,
      unreadable: [],
    });
  });

  it('sees nested values equal whatever their key order', () => {
    const original = note(['x-kira:', '  source: gcal', '  version: 2']);
    const current = note(['x-kira:', '  version: 2', '  source: gcal'], 'Other body.\n');

    expect(describeDifference(original, current)).toEqual({
      changedKeys: [],
      isBodyDifferent: true,
      unreadable: [],
    });
  });

  it('says which side cannot be read, and compares the texts whole', () => {
    const original = note(['status: [done']);
    const current = note(['status: done']);

    expect(describeDifference(original, current)).toEqual({
      changedKeys: [],
      isBodyDifferent: true,
      unreadable: [{ side: 'original', code: 'invalid_yaml' }],
    });
  });
});
