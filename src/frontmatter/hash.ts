import type { Frontmatter } from '../entities/model';

/**
 * A short fingerprint of frontmatter data, to tell one version of a note's properties from
 * another: 16 hex digits, the same for equal data whatever the order of its keys (at any
 * depth), and for a note without frontmatter (`null`) distinct from an empty block (`{}`).
 *
 * It is two 32-bit FNV-1a lanes over a canonical JSON text; fast and synchronous, not
 * cryptographic: never use it where someone could forge a collision to their gain.
 */
export function frontmatterHash(frontmatter: Frontmatter | null): string {
  return textHash(canonicalJson(frontmatter));
}

/**
 * 16 hex digits from two 32-bit FNV-1a lanes over `text`'s UTF-16 code units. Fast and
 * synchronous; not cryptographic.
 */
export function textHash(text: string): string {
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    low = Math.imul(low ^ unit, 0x01000193);
    high = Math.imul(high ^ unit, 0x01000193) ^ (low >>> 15);
  }

  return hex32(low) + hex32(high);
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/**
 * JSON with mapping keys sorted by UTF-16 code unit; `undefined` properties left out, as
 * JSON does; numbers JSON cannot write (NaN, ±Infinity) spelled out so they stay distinct.
 */
function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `"#${value}"`;
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;

  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${entries.join(',')}}`;
}
