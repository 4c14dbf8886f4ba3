import { useState } from 'react';
import { LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import type { Translate } from '../../shared/i18n/translate.ts';
import { api, errorMessage } from '../api.ts';
import { documentPath, Link, navigate } from '../app/router.tsx';
import { PanelToggle } from '../components/panel-toggle.tsx';
import { useT } from '../i18n/language.tsx';
import type { ParagraphRef } from './amendment-text.ts';
import { describeAmendment } from './amendment-text.ts';
import { proposerCode } from './delegation-colours.ts';
import type { VersionsState } from './use-language-versions.ts';

interface LanguageVersionsPanelProps {
  documentId: string;
  state: VersionsState;
  refs: Map<string, ParagraphRef>;
  /** The Chair and the Secretariat add versions and say when a translation is updated. */
  mayManage: boolean;
  /** Reads another version beside this one. */
  onSideBySide: (otherId: string) => void;
}

const languageName = (language: Language, t: Translate) => t(`language.${language}` as const);

/** The text's versions in the other official languages, what waits for translation here, and what the others propose. */
export function LanguageVersionsPanel({ documentId, state, refs, mayManage, onSideBySide }: LanguageVersionsPanelProps) {
  const t = useT();
  const [open, setOpen] = useState(true);
  const [adding, setAdding] = useState<Language | ''>('');
  const [translation, setTranslation] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { versions } = state;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      state.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const own = versions?.documentId === documentId ? versions : null;
  const pendingHere = own?.pending[documentId] ?? [];
  const original = own?.versions.find((v) => v.documentId === own.originalId);
  const taken = new Set(own?.versions.map((v) => v.language) ?? []);
  const free = LANGUAGES.filter((l) => !taken.has(l));
  const label = (pid: string) => refs.get(pid)?.label ?? pid;

  return (
    <section className="side-panel" data-testid="language-versions" aria-labelledby="language-versions-heading">
      <h2 id="language-versions-heading" className="side-panel__title">
        <PanelToggle open={open} onToggle={() => setOpen(!open)}>
          {t('versions.title')}
        </PanelToggle>
        <span className="side-panel__count">{own?.versions.length ?? 0}</span>
      </h2>
      {open && (
        <>
          {state.error && <p className="panel-error">{t('versions.loadFailed', { reason: state.error })}</p>}
          {own && (
            <p className="muted" data-testid="version-language" data-language={own.language}>
              {own.originalId === documentId
                ? t('versions.thisOriginal', { language: languageName(own.language, t) })
                : t('versions.thisVersion', { language: languageName(own.language, t), original: languageName(original?.language ?? 'en', t) })}
            </p>
          )}
          <ul className="version-list">
            {own?.versions
              .filter((v) => v.documentId !== documentId)
              .map((v) => (
                <li key={v.documentId} data-testid="language-version" data-language={v.language}>
                  <Link to={documentPath(v.documentId)} title={t('versions.open', { language: languageName(v.language, t) })}>
                    {languageName(v.language, t)}
                    {v.documentId === own.originalId && ` (${t('versions.original')})`}
                  </Link>{' '}
                  <span className="muted">{t('versions.pendingCount', { count: own.pending[v.documentId]?.length ?? 0 })}</span>{' '}
                  <button type="button" className="link-button" data-testid="open-side-by-side" onClick={() => onSideBySide(v.documentId)}>
                    {t('versions.sideBySide')}
                  </button>
                </li>
              ))}
          </ul>
          {mayManage && own && own.originalId === documentId && free.length > 0 && (
            <form
              className="create-revision"
              onSubmit={(e) => {
                e.preventDefault();
                if (!adding) return;
                void run(async () => {
                  const created = translation ? await api.importLanguageVersion(documentId, translation, adding) : await api.addLanguageVersion(documentId, { language: adding });
                  setAdding('');
                  setTranslation(null);
                  navigate(documentPath(created.id));
                });
              }}
            >
              <div className="create-revision__row">
                <select aria-label={t('versions.addIn')} value={adding} data-testid="add-version-language" onChange={(e) => setAdding(e.target.value as Language)}>
                  <option value="">{t('versions.addIn')}…</option>
                  {free.map((l) => (
                    <option key={l} value={l}>
                      {languageName(l, t)}
                    </option>
                  ))}
                </select>
                <button type="submit" className="button button--small button--primary" disabled={busy || !adding} data-testid="add-version">
                  {busy ? t('versions.adding') : t('versions.add')}
                </button>
              </div>
              <label className="muted" title={t('versions.fromWordHint')}>
                {t('versions.fromWord')}{' '}
                <input
                  type="file"
                  accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                  data-testid="version-from-word"
                  onChange={(e) => setTranslation(e.target.files?.[0] ?? null)}
                />
              </label>
            </form>
          )}
          {own && own.versions.length > 1 && (
            <>
              <h3 className="side-panel__subtitle">{t('versions.pendingHere')}</h3>
              {pendingHere.length === 0 ? (
                <p className="muted panel-empty">{t('versions.nonePending')}</p>
              ) : (
                <ul className="amendment-list" data-testid="pending-translation">
                  {pendingHere.map((pid) => (
                    <li key={pid} className="amendment-item" data-testid="pending-paragraph" data-pid={pid}>
                      <span className="amendment-item__jump">
                        <span className="amendment-item__text">{label(pid)}</span>
                        <span className="meta-tag">{t('versions.pendingTag')}</span>
                      </span>
                      {mayManage && (
                        <button type="button" className="button button--small" disabled={busy} data-testid="mark-translated" onClick={() => void run(async () => void (await api.alignParagraphs(documentId, [pid])))}>
                          {t('versions.markUpdated')}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {mayManage && pendingHere.length > 1 && (
                <button type="button" className="link-button" disabled={busy} onClick={() => void run(async () => void (await api.alignParagraphs(documentId, pendingHere)))}>
                  {t('versions.markAllUpdated')}
                </button>
              )}
            </>
          )}
          {own && own.proposals.length > 0 && (
            <>
              <h3 className="side-panel__subtitle">{t('versions.proposedElsewhere')}</h3>
              <ul className="amendment-list" data-testid="proposed-elsewhere">
                {own.proposals.map((p) => (
                  <li key={`${p.documentId}:${p.id}`} className="amendment-item" data-testid="proposed-in-version" data-pid={p.pid} data-language={p.language} data-delegation={p.delegation}>
                    <span className="amendment-item__jump">
                      <span className="chair-bar__label">{label(p.pid)}</span>
                      <span className="amendment-item__text">{describeAmendment(p, t)}</span>
                      <span className="meta-tag">{t('versions.proposedIn', { language: languageName(p.language, t), delegation: proposerCode(p.delegation, t) })}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {error && (
            <p className="panel-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </section>
  );
}
