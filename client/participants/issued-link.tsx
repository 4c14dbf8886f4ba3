import { useRef, useState } from 'react';
import { useT } from '../i18n/language.tsx';

export interface IssuedLinkNotice {
  participantName: string;
  url: string;
}

/**
 * A sign-in link is shown once: the server keeps only its hash, so this is the one moment
 * it can be copied. The notice stays until dismissed so it is not lost to a stray click.
 */
export function IssuedLink({ notice, onDismiss }: { notice: IssuedLinkNotice; onDismiss: () => void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'select'>('no');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(notice.url);
      setCopied('yes');
    } catch {
      // The clipboard API needs a secure context; selecting the text lets Ctrl+C do the rest.
      input.current?.select();
      setCopied('select');
    }
  };

  return (
    <section className="notice" aria-labelledby="issued-link-heading" data-testid="issued-link">
      <h2 id="issued-link-heading" className="notice__title">
        {t('issuedLink.title', { name: notice.participantName })}
      </h2>
      <p className="notice__text">
        {t('issuedLink.text', { name: notice.participantName })}
      </p>
      <div className="copy-field">
        <input ref={input} readOnly value={notice.url} onFocus={(e) => e.target.select()} aria-label={t('issuedLink.label')} data-testid="issued-link-url" />
        <button type="button" className="button button--primary" onClick={copy}>
          {copied === 'yes' ? t('issuedLink.copied') : t('issuedLink.copy')}
        </button>
      </div>
      {copied === 'select' && <p className="muted">{t('issuedLink.selected')}</p>}
      <div className="form__actions">
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          {t('issuedLink.done')}
        </button>
      </div>
    </section>
  );
}
