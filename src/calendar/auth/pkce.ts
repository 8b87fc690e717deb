/**
 * PKCE (RFC 7636, method S256) and the `state` value, from Web Crypto, which the desktop app,
 * the mobile app and Node all have, so nothing here loads a Node module.
 */

/** A verifier kept by Kira and the challenge sent with the consent URL. */
export interface PkcePair {
  /** 86 characters of the unreserved alphabet (RFC 7636 allows 43 to 128). */
  verifier: string;
  /** base64url of the SHA-256 of the verifier, without padding. */
  challenge: string;
}

/** 64 random bytes give an 86-character verifier, well inside 43..128. */
const VERIFIER_BYTES = 64;
const STATE_BYTES = 32;

export async function createPkcePair(): Promise<PkcePair> {
  const verifier = base64Url(randomBytes(VERIFIER_BYTES));
  return { verifier, challenge: await challengeFor(verifier) };
}

/** The S256 challenge of a verifier. */
export async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** An unguessable `state` that ties the browser's answer to this sign-in. */
export function createState(): string {
  return base64Url(randomBytes(STATE_BYTES));
}

function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

/** base64url without padding (RFC 4648 section 5), the alphabet PKCE requires. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
