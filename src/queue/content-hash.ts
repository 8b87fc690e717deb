import { textHash } from '../frontmatter/hash';

/**
 * A fingerprint of a note's whole text, to recognize a version Kira wrote when the vault
 * reports it back: the text's length and its `textHash`, as `<length>:<16 hex>`.
 *
 * Fast and synchronous, since it runs on every write and every vault report; not
 * cryptographic. A false match would make Kira skip one user edit that happened to hash like
 * a write Kira made seconds earlier to the same note, of the same length: odds near 2^-64.
 */
export function contentHash(text: string): string {
  return `${text.length}:${textHash(text)}`;
}
