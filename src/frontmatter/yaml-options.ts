import type { DocumentOptions, ParseOptions, SchemaOptions, ToStringOptions } from 'yaml';

/**
 * How Kira reads frontmatter: the YAML 1.2 core schema, so `2024-01-01` stays the text
 * "2024-01-01" (no Date objects, no timestamp conversion), `yes` stays text and only `true`
 * and `false` are booleans. Duplicate keys are errors.
 */
export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'core',
  version: '1.2',
  uniqueKeys: true,
  prettyErrors: true,
  strict: true,
};

/**
 * How Kira writes YAML: two-space indentation, block lists indented under their key, strings
 * plain where that reads back as the same text and in double quotes (JSON escapes, one line)
 * otherwise, empty values as nothing after the colon (the way Obsidian writes them), and no
 * line folding, so a long title stays on its line.
 */
export const STRINGIFY_OPTIONS: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  blockQuote: false,
  defaultStringType: 'PLAIN',
  defaultKeyType: 'PLAIN',
  singleQuote: false,
  doubleQuotedAsJSON: true,
  nullStr: '',
  flowCollectionPadding: false,
};
