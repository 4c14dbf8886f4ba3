import type { EditingMode } from './suggest-mode.ts';
import { useT } from '../i18n/language.tsx';

/**
 * The Chair and the Secretariat edit the base text directly or suggest like a delegation
 * (their suggestions labelled with their office). Delegations always suggest.
 */
export function ModeToggle({ mode, label, onChange }: { mode: EditingMode; label: string; onChange: (mode: EditingMode) => void }) {
  const t = useT();
  return (
    <span className="segmented" role="group" aria-label={t('mode.label')} data-testid="mode-toggle" data-mode={mode}>
      <button type="button" className="segmented__button" data-mode="direct" aria-pressed={mode === 'direct'} title={t('mode.directTitle')} onClick={() => onChange('direct')}>
        {t('mode.direct')}
      </button>
      <button type="button" className="segmented__button" data-mode="suggesting" aria-pressed={mode === 'suggesting'} title={t('mode.suggestingTitle', { label })} onClick={() => onChange('suggesting')}>
        {t('mode.suggesting')}
      </button>
    </span>
  );
}
