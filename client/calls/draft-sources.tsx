import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { Link } from '../app/router.tsx';
import { useT } from '../i18n/language.tsx';

type Sources = Awaited<ReturnType<typeof api.documentSources>>;

/**
 * A consolidated draft's sources (issue 16), under its title: the call it was compiled from and,
 * paragraph by paragraph, the parties whose contributions its wording comes from. Nothing for a
 * document that was not compiled.
 */
export function DraftSources({ documentId }: { documentId: string }) {
  const t = useT();
  const [sources, setSources] = useState<Sources | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.documentSources(documentId).then(
      (found) => !cancelled && setSources(found),
      () => !cancelled && setSources(null),
    );
    return () => {
      cancelled = true;
    };
  }, [documentId]);
  if (!sources) return null;
  return (
    <details className="draft-sources" data-testid="draft-sources">
      <summary>{t('calls.sourcesOf', { call: sources.call.title })}</summary>
      <ul>
        {Object.entries(sources.paragraphs).map(([pid, parties]) => (
          <li key={pid} data-testid="paragraph-sources" data-pid={pid}>
            “{sources.words[pid] ?? pid}” — {parties.join(', ')}
          </li>
        ))}
      </ul>
      <Link to={`/documents/${encodeURIComponent(sources.call.documentId)}/calls`}>{t('calls.title')}</Link>
    </details>
  );
}
