/**
 * A fingerprint of a note's whole text, to recognize a version Kira wrote when the vault
 * reports it back: the text's length and two 32-bit FNV-1a lanes, as `<length>:<16 hex>`.
 *
 * Fast and synchronous, since it runs on every write and every vault report; not
 * cryptographic. A false match would make Kira skip one user edit that happened to hash like
 * a write Kira made seconds earlier to the same note, of the same length: odds near 2^-64.
 */
export function contentHash(text: string): string {
  let low = 0x811c9dc5;
  let high = 0x27d4eb2f;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    low = Math.imul(low ^ unit, 0x01000193);
    high = Math.imul(high ^ unit, 0x01000193) ^ (low >>> 13);
  }
  return `${text.length}:${hex32(low)}${hex32(high)}`;
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
