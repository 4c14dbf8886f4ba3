import type { ReactNode } from 'react';

/** The frame of the pages shown before anyone is signed in: a centred card under the wordmark. */
export function WelcomeFrame({ children }: { children: ReactNode }) {
  return (
    <main className="welcome">
      <div className="welcome__card">
        <p className="welcome__wordmark">
          <span aria-hidden="true">❦</span> Accord
        </p>
        {children}
      </div>
    </main>
  );
}

/** Accord has no passwords: each participant receives a personal sign-in link from the Secretariat. */
export function SignInPage() {
  return (
    <WelcomeFrame>
      <h1>Sign in with the invitation link you received</h1>
      <p>
        Accord has no passwords. The Secretariat sends each participant a personal sign-in link; open it in this browser
        and you will be taken to the documents of the meeting.
      </p>
      <p className="muted">If you have lost your link, or it no longer works, ask the Secretariat for a new one.</p>
    </WelcomeFrame>
  );
}

export function UnreachablePage({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <WelcomeFrame>
      <h1>Accord is not answering</h1>
      <p>{message}</p>
      <button type="button" className="button button--primary" onClick={onRetry}>
        Try again
      </button>
    </WelcomeFrame>
  );
}

export function LoadingPage() {
  return (
    <main className="loading" aria-busy="true">
      <p className="muted">Loading…</p>
    </main>
  );
}
