import { useState } from 'react';
import type { Participant } from '../../shared/participants.ts';
import { formatTime } from '../editor/amendment-text.ts';
import { CreateRevisionForm } from './create-revision-form.tsx';
import { authorName, formatDate } from './revision-meta.ts';
import type { Revisions } from './use-revisions.ts';
import './revisions.css';
import { PanelToggle } from '../components/panel-toggle.tsx';
import { useLanguage } from '../i18n/language.tsx';

interface RevisionsPanelProps {
  revisions: Revisions;
  mayCreate: boolean;
  roster: Map<string, Participant>;
}

/** The document's revisions, newest first: open one, compare, or (officers) issue the next. */
export function RevisionsPanel({ revisions, mayCreate, roster }: RevisionsPanelProps) {
  const [open, setOpen] = useState(true);
  const { language, t } = useLanguage();
  const { list, focus, show } = revisions;
  const shownId = focus.kind === 'revision' ? focus.revision.id : null;
  const latest = list?.[0];

  return (
    <section className="side-panel revisions-panel" data-testid="revisions-panel" aria-labelledby="revisions-heading">
      <h2 id="revisions-heading" className="side-panel__title">
        <PanelToggle open={open} onToggle={() => setOpen(!open)}>
          {t('revisions.title')}
        </PanelToggle>
        <span className="side-panel__count">{list?.length ?? 0}</span>
      </h2>
      {open && (
        <>
          {mayCreate && <CreateRevisionForm revisions={revisions} />}
          {revisions.error && <p className="panel-error">{revisions.error}</p>}
          {list && list.length === 0 && <p className="muted panel-empty">{mayCreate ? t('revisions.none') : t('revisions.noneChairIssues')}</p>}
          <ol className="revision-list">
            {focus.kind !== 'live' && (
              <li>
                <button type="button" className="revision-item revision-item--live" onClick={() => show({ kind: 'live' })}>
                  <span className="revision-item__name">{t('revisions.liveText')}</span>
                  <span className="revision-item__meta">{t('revisions.backToNegotiation')}</span>
                </button>
              </li>
            )}
            {list?.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  className="revision-item"
                  data-testid="revision-item"
                  data-revision-name={r.name}
                  data-revision-id={r.id}
                  aria-current={r.id === shownId ? 'true' : undefined}
                  title={t('revisions.openReadOnly', { name: r.name })}
                  onClick={() => show({ kind: 'revision', revision: r })}
                >
                  <span className="revision-item__head">
                    <span className="revision-item__name">{r.name}</span>
                    {r.name !== `Rev.${r.number}` && <span className="revision-item__number">{t('revisions.number', { number: r.number })}</span>}
                    <time className="revision-item__time" dateTime={r.createdAt} title={formatDate(r.createdAt, language)}>
                      {formatTime(r.createdAt, language)}
                    </time>
                  </span>
                  {r.note && <span className="revision-item__note">{r.note}</span>}
                  <span className="revision-item__meta">{t('revisions.by', { name: authorName(r, roster, t) })}</span>
                </button>
              </li>
            ))}
          </ol>
          {list && list.length > 0 && (
            <div className="revisions-panel__actions">
              <button
                type="button"
                className="button button--small"
                data-testid="open-compare"
                aria-pressed={focus.kind === 'compare'}
                onClick={() => show({ kind: 'compare', from: latest?.id ?? 'live', to: 'live' })}
              >
                {t('revisions.compare')}
              </button>
              <button type="button" className="link-button" onClick={revisions.reload}>
                {t('revisions.refresh')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
