/**
 * The frontmatter codec: reads a note's YAML properties and body, edits properties in place
 * without disturbing anything else, and writes notes in canonical form. Built on the `yaml`
 * package's Document API with the YAML 1.2 core schema (see
 * docs/adr/0001-yaml-document-api-for-frontmatter.md).
 *
 * Plain TypeScript: nothing here imports `obsidian`.
 */
export type { Frontmatter } from '../entities/model';
export { CodecError, type CodecErrorCode } from './errors';
export type { LineEnding } from './fence';
export { parseNote, type ParsedNote, type ParseOutcome } from './parse';
export { editNote, type FrontmatterChanges } from './edit';
export { normalizeNote, serializeCanonical, type SerializeOptions } from './canonical';
export { decodeNote } from './decode';
export { frontmatterHash } from './hash';
