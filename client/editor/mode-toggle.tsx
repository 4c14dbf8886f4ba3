import type { EditingMode } from './suggest-mode.ts';

/**
 * The Chair and the Secretariat edit the base text directly or suggest like a delegation
 * (their suggestions labelled with their office). Delegations always suggest.
 */
export function ModeToggle({ mode, label, onChange }: { mode: EditingMode; label: string; onChange: (mode: EditingMode) => void }) {
  return (
    <span className="segmented" role="group" aria-label="Editing mode" data-testid="mode-toggle" data-mode={mode}>
      <button type="button" className="segmented__button" data-mode="direct" aria-pressed={mode === 'direct'} title="Change the base text itself" onClick={() => onChange('direct')}>
        Editing directly
      </button>
      <button type="button" className="segmented__button" data-mode="suggesting" aria-pressed={mode === 'suggesting'} title={`Propose changes as amendments labelled ${label}`} onClick={() => onChange('suggesting')}>
        Suggesting
      </button>
    </span>
  );
}
