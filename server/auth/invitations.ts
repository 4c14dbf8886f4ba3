import type { IssuedInvitation } from '../../shared/api.ts';
import type { Store, UpdateAuthor } from '../store/store.ts';
import { hashToken, randomToken } from './tokens.ts';

/** The sign-in link carries the token in the fragment, so it never reaches server logs or referrers. */
export function signInUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/join#${token}`;
}

export async function issueInvitation(store: Store, participantId: string, publicUrl: string, actor?: UpdateAuthor): Promise<IssuedInvitation> {
  const token = randomToken();
  const invitation = await store.createInvitation(participantId, hashToken(token), actor);
  return { id: invitation.id, token, url: signInUrl(publicUrl, token) };
}
