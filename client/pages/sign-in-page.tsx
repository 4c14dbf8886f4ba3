import type { ReactNode } from 'react';
import { LanguageSelect } from '../components/language-select.tsx';
import { useT } from '../i18n/language.tsx';

/** The frame of the pages shown before anyone is signed in: a centred card under the wordmark. */
export function WelcomeFrame({ children }: { children: ReactNode }) {
  return (
    <main className="welcome">
      <div className="welcome__card">
        <div className="welcome__top">
          <p className="welcome__wordmark">
            <span aria-hidden="true">❦</span> Accord
          </p>
          <LanguageSelect />
        </div>
        {children}
      </div>
    </main>
  );
}

/** Accord has no passwords: each participant receives a personal sign-in link from the Secretariat. */
export function SignInPage() {
  const t = useT();
  return (
    <WelcomeFrame>
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.noPasswords')}</p>
      <p className="muted">{t('signIn.lostLink')}</p>
    </WelcomeFrame>
  );
}

export function UnreachablePage({ message, onRetry }: { message: string; onRetry: () => void }) {
  const t = useT();
  return (
    <WelcomeFrame>
      <h1>{t('signIn.unreachableTitle')}</h1>
      <p>{message}</p>
      <button type="button" className="button button--primary" onClick={onRetry}>
        {t('common.tryAgain')}
      </button>
    </WelcomeFrame>
  );
}

export function LoadingPage() {
  const t = useT();
  return (
    <main className="loading" aria-busy="true">
      <p className="muted">{t('common.loading')}</p>
    </main>
  );
}
