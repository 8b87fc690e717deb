import { CodecError, decodeNote } from '../../src/frontmatter';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function decodeError(bytes: Uint8Array): CodecError {
  try {
    decodeNote(bytes);
  } catch (error) {
    if (error instanceof CodecError) return error;
    throw error;
  }
  throw new Error('expected decodeNote to throw');
}

describe('decodeNote', () => {
  it('decodes UTF-8, accents and emoji included', () => {
    expect(decodeNote(utf8('---\ntitle: Café ☕ 🚀\n---\n'))).toBe('---\ntitle: Café ☕ 🚀\n---\n');
  });

  it('keeps a BOM in the text', () => {
    expect(decodeNote(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\uFEFFa');
  });

  it('refuses Latin-1 bytes with the line of the first bad byte', () => {
    const bytes = new Uint8Array([...utf8('---\ntitle: Caf'), 0xe9, ...utf8('\n---\n')]);

    const error = decodeError(bytes);

    expect(error.code).toBe('not_utf8');
    expect(error.line).toBe(2);
    expect(error.message).toContain('0xe9');
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['UTF-16', [0xff, 0xfe, 0x61, 0x00]],
  ])('refuses %s', (_what, bytes) => {
    expect(decodeError(new Uint8Array(bytes)).code).toBe('not_utf8');
  });
});
