import { useState, type ReactNode } from 'react';

interface ConfirmButtonProps {
  children: ReactNode;
  /** The question asked before acting, e.g. "Accept all 12 pending amendments?" */
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
  testId?: string;
}

/**
 * A decision on many amendments at once asks first, in place: a browser `confirm()` would
 * block the page (and every live update behind it) while the Chair thinks.
 */
export function ConfirmButton({ children, question, onConfirm, disabled, className = '', testId }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={`button button--small ${className}`} disabled={disabled} data-testid={testId} onClick={() => setAsking(true)}>
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
        Yes
      </button>
      <button type="button" className="button button--small button--quiet" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
