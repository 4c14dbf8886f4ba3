import type { MessageKey } from '../../shared/i18n/translate.ts';
import { useT } from '../i18n/language.tsx';

export type TextView = 'compilation' | 'clean' | 'agreed';

const VIEWS: { value: TextView; label: MessageKey; title: MessageKey }[] = [
  { value: 'compilation', label: 'view.compilationButton', title: 'view.compilationTitle' },
  { value: 'clean', label: 'view.cleanButton', title: 'view.cleanTitle' },
  { value: 'agreed', label: 'view.agreedButton', title: 'view.agreedTitle' },
];

/** Which text to read: the compilation one edits in, or one of the two read-only projections. */
export function ViewSwitch({ view, onChange }: { view: TextView; onChange: (view: TextView) => void }) {
  const t = useT();
  return (
    <span className="segmented" role="group" aria-label={t('view.label')} data-testid="view-switch">
      {VIEWS.map((v) => (
        <button key={v.value} type="button" className="segmented__button" data-view={v.value} aria-pressed={view === v.value} title={t(v.title)} onClick={() => onChange(v.value)}>
          {t(v.label)}
        </button>
      ))}
    </span>
  );
}
