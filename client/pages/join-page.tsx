import { useEffect, useState } from 'react';
import type { Participant } from '../../shared/participants.ts';
import { api, ApiRequestError, errorMessage } from '../api.ts';
import { Link, navigate } from '../app/router.tsx';
import { currentLanguage, useT } from '../i18n/language.tsx';
import { translate } from '../../shared/i18n/translate.ts';
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
    return translate(currentLanguage(), 'join.invalid');
  }
  return errorMessage(error);
}

/** `/join#<token>`: the token rides in the fragment so it never reaches server logs or referrers. */
export function JoinPage({ onSignedIn }: { onSignedIn: (participant: Participant) => void }) {
  const t = useT();
  const [token] = useState(() => decodeURIComponent(location.hash.replace(/^#/, '')).trim());
  const [error, setError] = useState<string | null>(token ? null : t('join.noToken'));

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
          <h1>{t('join.failedTitle')}</h1>
          <p className="alert alert--error" role="alert" data-testid="signin-error">
            {error}
          </p>
          <p className="muted">
            {t('join.alreadySignedIn')} <Link to="/">{t('notFound.goToDocuments')}</Link>.
          </p>
        </>
      ) : (
        <>
          <h1>{t('join.signingIn')}</h1>
          <p className="muted" aria-live="polite">
            {t('join.checking')}
          </p>
        </>
      )}
    </WelcomeFrame>
  );
}
