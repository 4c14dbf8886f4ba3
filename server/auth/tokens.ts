import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: invitation tokens and session ids. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as this hash, so a copy of the database signs nobody in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
