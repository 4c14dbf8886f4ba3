import { useRef, useState } from 'react';

export interface IssuedLinkNotice {
  participantName: string;
  url: string;
}

/**
 * A sign-in link is shown once: the server keeps only its hash, so this is the one moment
 * it can be copied. The notice stays until dismissed so it is not lost to a stray click.
 */
export function IssuedLink({ notice, onDismiss }: { notice: IssuedLinkNotice; onDismiss: () => void }) {
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
        Sign-in link for {notice.participantName}
      </h2>
      <p className="notice__text">
        Copy it now and send it privately: it is shown only this once. Anyone holding it can sign in as {notice.participantName}.
      </p>
      <div className="copy-field">
        <input ref={input} readOnly value={notice.url} onFocus={(e) => e.target.select()} aria-label="Sign-in link" data-testid="issued-link-url" />
        <button type="button" className="button button--primary" onClick={copy}>
          {copied === 'yes' ? 'Copied' : 'Copy link'}
        </button>
      </div>
      {copied === 'select' && <p className="muted">The link is selected: press Ctrl+C (⌘C) to copy it.</p>}
      <div className="form__actions">
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          Done — hide the link
        </button>
      </div>
    </section>
  );
}
