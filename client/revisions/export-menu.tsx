import { useEffect, useRef } from 'react';
import type { RevisionRecord } from '../api.ts';
import { EXPORT_FORMATS, EXPORT_VARIANTS, exportUrl } from './export-links.ts';
import './revisions.css';
import { useLanguage } from '../i18n/language.tsx';

interface ExportMenuProps {
  documentId: string;
  /** The revision on screen, if one is: the files are then that revision's text. */
  revision: RevisionRecord | null;
}

/**
 * Agreed text or compilation, in each format. Plain links: the session cookie goes along and
 * the browser saves what the server sends as an attachment, with the server's file name.
 */
export function ExportMenu({ documentId, revision }: ExportMenuProps) {
  const ref = useRef<HTMLDetailsElement>(null);
  const { language, t } = useLanguage();

  // A native <details> stays open until toggled: close it on a click elsewhere or Escape.
  useEffect(() => {
    const close = (event: Event) => {
      const menu = ref.current;
      if (!menu?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !menu.contains(event.target as Node)) menu.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  return (
    <details ref={ref} className="export-menu" data-testid="export-menu">
      <summary className="button button--small export-menu__button">
        {revision ? t('export.buttonRevision', { name: revision.name }) : t('export.button')} <span aria-hidden="true">▾</span>
      </summary>
      <div className="export-menu__panel">
        <p className="export-menu__caption">{revision ? t('export.asFrozen', { name: revision.name }) : t('export.live')}</p>
        {EXPORT_VARIANTS.map((variant) => (
          <div key={variant.value} className="export-menu__row">
            <span className="export-menu__variant" title={t(variant.hint)}>
              {t(variant.label)}
            </span>
            <span className="export-menu__formats">
              {EXPORT_FORMATS.map((format) => (
                <a
                  key={format.value}
                  className="export-menu__link"
                  href={exportUrl(documentId, format.value, variant.value, language, revision?.id)}
                  download
                  title={t('export.linkTitle', { variant: t(variant.label), format: t(format.hint) })}
                  data-testid="export-link"
                  data-format={format.value}
                  data-variant={variant.value}
                  onClick={() => {
                    if (ref.current) ref.current.open = false;
                  }}
                >
                  {format.label}
                </a>
              ))}
            </span>
          </div>
        ))}
      </div>
    </details>
  );
}
