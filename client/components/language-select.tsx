import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import { useLanguage } from '../i18n/language.tsx';

/**
 * The four official languages, each named in itself. `onChosen` lets a signed-in page keep the
 * choice on the server as well as in this browser.
 */
export function LanguageSelect({ onChosen }: { onChosen?: (language: Language) => void }) {
  const { language, setLanguage, t } = useLanguage();
  return (
    <select
      className="language-select"
      aria-label={t('language.label')}
      data-testid="language-select"
      value={language}
      onChange={(e) => {
        const next = e.target.value as Language;
        setLanguage(next);
        onChosen?.(next);
      }}
    >
      {LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANGUAGE_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
