import type { Node as PMNode } from '@tiptap/pm/model';
import { useEffect, useState } from 'react';
import type { LanguageVersions } from '../../shared/i18n/language-versions-api.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { documentSchema } from '../../shared/schema.ts';
import { api, errorMessage } from '../api.ts';
import { useLanguage } from '../i18n/language.tsx';

interface SideBySideProps {
  documentId: string;
  otherId: string;
  versions: LanguageVersions;
  onClose: () => void;
}

interface Loaded {
  left: { language: Language; doc: PMNode };
  right: { language: Language; doc: PMNode };
}

/** One row per paragraph of this text, its aligned paragraph of the other beside it, numbered once for both. */
export function SideBySide({ documentId, otherId, versions, onClose }: SideBySideProps) {
  const { language, t } = useLanguage();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const read = async (id: string) => {
      const answer = await api.versionText(id);
      return { language: answer.language, doc: documentSchema().nodeFromJSON(answer.content) };
    };
    Promise.all([read(documentId), read(otherId)]).then(
      ([left, right]) => !cancelled && setLoaded({ left, right }),
      (e: unknown) => !cancelled && setError(errorMessage(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [documentId, otherId]);

  const name = (l: Language) => t(`language.${l}` as const);
  const pendingLeft = new Set(versions.pending[documentId] ?? []);
  const pendingRight = new Set(versions.pending[otherId] ?? []);
  const rows: { pid: string; number: string | null; left: string; right: string | null }[] = [];
  if (loaded) {
    const numbers = paragraphNumbers(loaded.left.doc, language);
    const right = new Map<string, string>();
    loaded.right.doc.descendants((node) => {
      const pid = node.attrs.pid as string | null | undefined;
      if (node.isTextblock && pid) right.set(pid, node.textContent);
      return !node.isTextblock;
    });
    loaded.left.doc.descendants((node) => {
      const pid = node.attrs.pid as string | null | undefined;
      if (node.isTextblock && pid) rows.push({ pid, number: numbers.get(pid) ?? null, left: node.textContent, right: right.get(pid) ?? null });
      return !node.isTextblock;
    });
  }

  return (
    <div className="editor-main side-by-side" data-testid="side-by-side">
      <div className="revision-banner revision-banner--compare">
        <span className="revision-banner__text">
          <strong>{loaded ? t('versions.sideBySideTitle', { left: name(loaded.left.language), right: name(loaded.right.language) }) : t('versions.sideBySide')}</strong>
          <span className="revision-banner__note">{t('versions.agreedNote')}</span>
        </span>
        <button type="button" className="button button--small button--primary" data-testid="close-side-by-side" onClick={onClose}>
          {t('versions.backToText')}
        </button>
      </div>
      <article className="sheet">
        {!loaded && !error && <p className="muted">{t('versions.readingTexts')}</p>}
        {error && (
          <p className="alert alert--error" role="alert">
            {t('versions.loadFailed', { reason: error })}
          </p>
        )}
        {loaded && (
          <table className="side-by-side__table">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col" lang={loaded.left.language}>{name(loaded.left.language)}</th>
                <th scope="col" lang={loaded.right.language}>{name(loaded.right.language)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.pid} data-testid="aligned-row" data-pid={row.pid}>
                  <td className="side-by-side__number">{row.number ? `${row.number}.` : ''}</td>
                  <td lang={loaded.left.language} data-pending={pendingLeft.has(row.pid) || undefined}>
                    {row.left}
                    {pendingLeft.has(row.pid) && <span className="meta-tag">{t('versions.pendingTag')}</span>}
                  </td>
                  <td lang={loaded.right.language} data-pending={pendingRight.has(row.pid) || undefined}>
                    {row.right ?? <span className="muted">{t('versions.notInVersion')}</span>}
                    {pendingRight.has(row.pid) && <span className="meta-tag">{t('versions.pendingTag')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </article>
    </div>
  );
}
