import { useCallback, useEffect, useState } from 'react';
import type { Participant } from '../../shared/participants.ts';
import { api, errorMessage, isUnauthenticated } from '../api.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; participant: Participant }
  /** The server did not answer: not the same as being signed out, so it is said differently. */
  | { status: 'unreachable'; message: string };

/**
 * Who is signed in, as the server says (GET /api/me); the cookie itself is invisible to script.
 * `skip` holds the check off on the join page, which learns the participant from signing in.
 */
export function useSession(skip: boolean) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const needsCheck = !skip && state.status === 'loading';

  useEffect(() => {
    if (!needsCheck) return;
    let cancelled = false;
    api.me().then(
      (participant) => {
        if (!cancelled) setState({ status: 'signed-in', participant });
      },
      (error: unknown) => {
        if (cancelled) return;
        setState(isUnauthenticated(error) ? { status: 'signed-out' } : { status: 'unreachable', message: errorMessage(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [needsCheck]);

  const recheck = useCallback(() => setState({ status: 'loading' }), []);
  const signedIn = useCallback((participant: Participant) => setState({ status: 'signed-in', participant }), []);
  const signedOut = useCallback(() => setState({ status: 'signed-out' }), []);

  return { state, recheck, signedIn, signedOut };
}
