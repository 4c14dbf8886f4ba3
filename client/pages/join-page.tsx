import { useEffect, useState } from 'react';
import type { Participant } from '../../shared/participants.ts';
import { api, ApiRequestError, errorMessage } from '../api.ts';
import { Link, navigate } from '../app/router.tsx';
import { WelcomeFrame } from './sign-in-page.tsx';

// One sign-in per token per page load: React StrictMode runs effects twice in development,
// and the second run must reuse the first request rather than post the token again.
const pending = new Map<string, Promise<Participant>>();

function redeem(token: string): Promise<Participant> {
  let request = pending.get(token);
  if (!request) {
    request = api.signIn(token);
    pending.set(token, request);
    request.catch(() => pending.delete(token));
  }
  return request;
}

function explain(error: unknown): string {
  // 400 (malformed token) and 401 (unknown or revoked) mean the same thing to the person holding the link.
  if (error instanceof ApiRequestError && (error.status === 400 || error.status === 401)) {
    return 'This sign-in link is not valid, or it has been revoked. Ask the Secretariat for a new link.';
  }
  return errorMessage(error);
}

/** `/join#<token>`: the token rides in the fragment so it never reaches server logs or referrers. */
export function JoinPage({ onSignedIn }: { onSignedIn: (participant: Participant) => void }) {
  const [token] = useState(() => decodeURIComponent(location.hash.replace(/^#/, '')).trim());
  const [error, setError] = useState<string | null>(token ? null : 'This address does not contain a sign-in token. Open the full link you received.');

  useEffect(() => {
    if (!token) return;
    // Take the token out of the address bar and history as soon as it has been read.
    history.replaceState(null, '', '/join');
    let cancelled = false;
    redeem(token).then(
      (participant) => {
        if (cancelled) return;
        onSignedIn(participant);
        navigate('/', { replace: true });
      },
      (failure: unknown) => {
        if (!cancelled) setError(explain(failure));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token, onSignedIn]);

  return (
    <WelcomeFrame>
      {error ? (
        <>
          <h1>We could not sign you in</h1>
          <p className="alert alert--error" role="alert" data-testid="signin-error">
            {error}
          </p>
          <p className="muted">
            Already signed in on this browser? <Link to="/">Go to the documents</Link>.
          </p>
        </>
      ) : (
        <>
          <h1>Signing you in…</h1>
          <p className="muted" aria-live="polite">
            Checking your invitation link.
          </p>
        </>
      )}
    </WelcomeFrame>
  );
}
