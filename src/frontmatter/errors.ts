/**
 * The one error the frontmatter codec raises. Callers branch on `code`, never on the message;
 * `line` is 1-based and counts lines of the whole note (the opening fence is line 1).
 */
export type CodecErrorCode =
  /** The frontmatter is not valid YAML (tab indentation, a bad indicator, two documents...). */
  | 'invalid_yaml'
  /** The frontmatter is valid YAML but a list or a scalar, not a mapping of properties. */
  | 'not_a_mapping'
  /** The same key appears twice in one mapping; Kira never merges them silently. */
  | 'duplicate_key'
  /** The note opens a frontmatter block with `---` and never closes it. */
  | 'unclosed_frontmatter'
  /** The bytes of the note are not valid UTF-8. */
  | 'not_utf8'
  /** A key is `__proto__`, `constructor` or `prototype`, at any depth. */
  | 'unsafe_key'
  /** A mapping key is a list or a mapping; properties are named by text. */
  | 'unsupported_key'
  /** Aliases expand too far (an alias bomb) or refer to themselves. */
  | 'alias_limit'
  /** A value given to the codec has no frontmatter form (a Date, a function, a cycle...). */
  | 'unsupported_value'
  /** An edit could not be applied without disturbing the rest of the note. */
  | 'edit_failed';

export class CodecError extends Error {
  override readonly name = 'CodecError';
  readonly code: CodecErrorCode;
  readonly line?: number;

  constructor(code: CodecErrorCode, message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.code = code;
    if (line !== undefined) this.line = line;
  }
}
