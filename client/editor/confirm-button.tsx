import { useState, type ReactNode } from 'react';
import { useT } from '../i18n/language.tsx';

interface ConfirmButtonProps {
  children: ReactNode;
  /** The question asked before acting, e.g. "Accept all 12 pending amendments?" */
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
  testId?: string;
  /** A small link-like button (the paragraph's own actions) rather than a button. */
  look?: 'button' | 'link';
  title?: string;
}

/**
 * A decision on many amendments at once, and an undo, asks first, in place: a browser `confirm()` would
 * block the page (and every live update behind it) while the Chair thinks.
 */
export function ConfirmButton({ children, question, onConfirm, disabled, className = '', testId, look = 'button', title }: ConfirmButtonProps) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    const base = look === 'link' ? 'link-button' : 'button button--small';
    return (
      <button type="button" className={`${base} ${className}`} disabled={disabled} data-testid={testId} title={title} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  }
  return (
    <span className="inline-confirm" role="group" aria-label={question}>
      <span className="inline-confirm__question">{question}</span>
      <button
        type="button"
        className={`button button--small ${className}`}
        data-testid={testId ? `${testId}-confirm` : undefined}
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('common.yes')}
      </button>
      <button type="button" className="button button--small button--quiet" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
