import { inferKind } from '../../src/entities/kind';

const folders = { task: 'Tasks', note: 'Notes', event: 'Calendar/Events' };

describe('inferKind', () => {
  it('takes an explicit kind field before the folder', () => {
    expect(inferKind({ kind: 'event' }, 'Tasks/a.md', folders)).toBe('event');
  });

  it('ignores a kind field that names no kind and falls back to the folder', () => {
    expect(inferKind({ kind: 'project' }, 'Tasks/a.md', folders)).toBe('task');
    expect(inferKind({ kind: ['task'] }, 'Notes/a.md', folders)).toBe('note');
  });

  it('finds the kind from the configured folder, at any depth', () => {
    expect(inferKind({}, 'Tasks/a.md', folders)).toBe('task');
    expect(inferKind(null, 'Tasks/2024/March/a.md', folders)).toBe('task');
    expect(inferKind(null, 'Calendar/Events/standup.md', folders)).toBe('event');
  });

  it('matches whole folder names only', () => {
    expect(inferKind(null, 'Tasks old/a.md', folders)).toBeNull();
    expect(inferKind(null, 'TasksArchive/a.md', folders)).toBeNull();
    expect(inferKind(null, 'Calendar/a.md', folders)).toBeNull();
  });

  it('is case-sensitive, like Obsidian paths', () => {
    expect(inferKind(null, 'tasks/a.md', folders)).toBeNull();
  });

  it('says a note outside every folder, and without a kind, is not an entity', () => {
    expect(inferKind({ title: 'x' }, 'Inbox/a.md', folders)).toBeNull();
    expect(inferKind(null, 'a.md', folders)).toBeNull();
  });

  it('lets the deepest folder win when folders nest', () => {
    const nested = { task: 'Work/Tasks', note: 'Work', event: 'Events' };
    expect(inferKind(null, 'Work/Tasks/a.md', nested)).toBe('task');
    expect(inferKind(null, 'Work/a.md', nested)).toBe('note');
  });

  it('accepts folder settings written with slashes at either end', () => {
    expect(inferKind(null, 'Tasks/a.md', { ...folders, task: '/Tasks/' })).toBe('task');
  });

  it('never makes the whole vault one kind through an empty folder setting', () => {
    expect(inferKind(null, 'a.md', { task: '', note: '/', event: 'Events' })).toBeNull();
  });

  it('reads only an own kind field, not an inherited one', () => {
    const frontmatter = JSON.parse('{"__proto__": {"kind": "task"}}') as Record<string, unknown>;
    expect(inferKind(frontmatter, 'Inbox/a.md', folders)).toBeNull();
  });
});
