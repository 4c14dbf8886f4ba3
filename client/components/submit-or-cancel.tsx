import type { ReactNode } from 'react';
import { useT } from '../i18n/language.tsx';

interface SubmitOrCancelProps {
  /** What the form does, on its submit button. */
  children: ReactNode;
  busy: boolean;
  /** True while the form is not filled in enough to send. */
  incomplete: boolean;
  onCancel: () => void;
  testId?: string;
}

/** The end of a create form: send it, or put it away. Both wait while it is being sent. */
export function SubmitOrCancel({ children, busy, incomplete, onCancel, testId }: SubmitOrCancelProps) {
  const t = useT();
  return (
    <div className="form__actions">
      <button type="submit" className="button button--primary" disabled={busy || incomplete} data-testid={testId}>
        {children}
      </button>
      <button type="button" className="button" onClick={onCancel} disabled={busy}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
