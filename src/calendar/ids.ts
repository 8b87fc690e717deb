import { makeId } from '../entities/ids';

/**
 * Ids that both sides can compute without asking each other, so that a retried insert, a
 * second device or a resync never makes a second copy of anything.
 */

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** Google's rule for client-chosen event ids: base32hex letters, 5 to 1024 of them. */
export function isEventId(id: string): boolean {
  return /^[a-v0-9]{5,1024}$/.test(id);
}

/**
 * The Google event id of a Kira entity: `k` and 32 base32hex characters of the SHA-256 of its
 * id (160 bits). The same entity always gets the same id, on every device.
 */
export async function remoteIdFor(entityId: string): Promise<string> {
  const digest = await sha256(entityId);
  return `k${base32hex(digest).slice(0, 32)}`;
}

/**
 * The Kira id of a note imported from a Google event: `event-<created minute>-gcal-<hash>`,
 * from the calendar, the event id and the event's creation time, which never change, so two
 * devices importing one event pick the same note.
 */
export async function importedEntityId(
  calendarId: string,
  remoteId: string,
  createdMs: number,
): Promise<string> {
  const digest = await sha256(`${calendarId}\n${remoteId}`);
  const hash = base32hex(digest).slice(0, 12);
  return makeId('event', `gcal ${hash}`, createdMs, () => false);
}

async function sha256(text: string): Promise<Uint8Array> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return new Uint8Array(digest);
}

/** RFC 4648 base32hex, lowercase, without padding. */
export function base32hex(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
  return out;
}
