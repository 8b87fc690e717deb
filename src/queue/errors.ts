import type { ValidationIssue } from '../entities/validate';

/**
 * Why the write queue refused a write. Nothing is written in any of these cases.
 *
 * - `invalid`: the new text parses but the entity fails validation (`issues` lists why);
 * - `unparsable`: the new text's frontmatter cannot be read by the codec;
 * - `runaway`: Kira wrote this note too often in a short window (see `RunawayGuard`);
 * - `not_found`: no note holds the entity id the write was addressed to;
 * - `closed`: the queue was closed before the write could start.
 */
export type WriteErrorCode = 'invalid' | 'unparsable' | 'runaway' | 'not_found' | 'closed';

/**
 * A write the queue refused. Callers branch on `code`; `issues` holds every validation problem
 * (empty for codes other than `invalid` and `unparsable`).
 */
export class WriteError extends Error {
  override readonly name = 'WriteError';

  constructor(
    readonly code: WriteErrorCode,
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}

/** True when `error` is a refusal of the write queue with one of `codes` (any code if none). */
export function isWriteError(error: unknown, ...codes: WriteErrorCode[]): error is WriteError {
  return error instanceof WriteError && (codes.length === 0 || codes.includes(error.code));
}
