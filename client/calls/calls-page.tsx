import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { partyOf, type CallRecord, type ContributionRecord } from '../../shared/calls.ts';
import { DELEGATIONS } from '../../shared/delegations.ts';
import type { DocumentSummary } from '../../shared/documents.ts';
import type { Organization } from '../../shared/organizations.ts';
import { managesWorkspace, type Participant } from '../../shared/participants.ts';
import { api, errorMessage } from '../api.ts';
import { Link, navigate } from '../app/router.tsx';
import { Field } from '../components/field.tsx';
import { useT } from '../i18n/language.tsx';
import { CompileForm } from './compile-form.tsx';

/**
 * A document's calls for contributions (issue 16): the Secretariat opens one with a deadline
 * and the parties invited; each invited delegation or organization submits its contribution
 * privately (a text, or a Word file), withdraws or replaces it until the deadline; the
 * Secretariat accepts a late one, publishes them, and compiles the consolidated draft.
 */
export function CallsPage({ documentId, participant }: { documentId: string; participant: Participant }) {
  const t = useT();
  const [calls, setCalls] = useState<CallRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const officer = managesWorkspace(participant.role);

  const refresh = useCallback(async () => {
    try {
      setCalls(await api.listCalls(documentId));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [documentId]);

  useEffect(() => {
    document.title = t('calls.pageTitle');
    void refresh();
  }, [refresh, t]);

  return (
    <main className="page page--wide">
      <p>
        <Link to={`/documents/${encodeURIComponent(documentId)}`}>{t('calls.backToText')}</Link>
      </p>
      <h1 className="page__title">{t('calls.title')}</h1>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      {officer && <OpenCallForm documentId={documentId} onOpened={() => void refresh()} />}
      {calls?.length === 0 && <p className="muted">{t('calls.none')}</p>}
      {calls?.map((call) => <CallCard key={call.id} callId={call.id} participant={participant} />)}
    </main>
  );
}

function OpenCallForm({ documentId, onOpened }: { documentId: string; onOpened: () => void }) {
  const t = useT();
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState('');
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const [invited, setInvited] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.listOrganizations().then(setOrganizations, (failure: unknown) => setError(errorMessage(failure)));
  }, []);
  const parties = [...DELEGATIONS.map((d) => ({ code: d.code, name: d.name })), ...organizations];
  const toggle = (code: string, on: boolean) =>
    setInvited((current) => {
      const next = new Set(current);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });
  const open = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.openCall(documentId, { title: title.trim(), deadline: new Date(deadline).toISOString(), invitees: [...invited] });
      setTitle('');
      setInvited(new Set());
      onOpened();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <form className="panel form" onSubmit={open} aria-label={t('calls.open')}>
      <h2 className="panel__title">{t('calls.open')}</h2>
      <div className="form__grid">
        <Field label={t('calls.callTitle')} wide>
          {(id) => <input id={id} required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label={t('calls.deadline')}>
          {(id) => <input id={id} type="datetime-local" required value={deadline} onChange={(e) => setDeadline(e.target.value)} />}
        </Field>
      </div>
      <fieldset>
        <legend>{t('calls.invitees')}</legend>
        <button type="button" className="button button--small button--quiet" onClick={() => setInvited(new Set(DELEGATIONS.map((d) => d.code)))}>
          {t('calls.allStates')}
        </button>
        {parties.map((p) => (
          <label key={p.code} className="call-invitee">
            <input type="checkbox" checked={invited.has(p.code)} onChange={(e) => toggle(p.code, e.target.checked)} /> {p.code}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={!title.trim() || !deadline || invited.size === 0}>
        {t('calls.open')}
      </button>
    </form>
  );
}

function CallCard({ callId, participant }: { callId: string; participant: Participant }) {
  const t = useT();
  const [state, setState] = useState<{ call: CallRecord; contributions: ContributionRecord[] } | null>(null);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [late, setLate] = useState('');
  const [copy, setCopy] = useState<DocumentSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const officer = managesWorkspace(participant.role);
  const party = partyOf(participant);

  const refresh = useCallback(async () => {
    const read = await api.readCall(callId);
    setState(read);
    // A party's own working copy, if it opened one (issue 16).
    if (party !== null && read.call.invitees.includes(party)) setCopy(await api.findWorkingCopy(callId));
  }, [callId, party]);
  useEffect(() => {
    refresh().catch((failure: unknown) => setError(errorMessage(failure)));
  }, [refresh]);
  const act = (work: () => Promise<unknown>) => async () => {
    setError(null);
    try {
      await work();
      await refresh();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  if (!state) return null;
  const { call, contributions } = state;
  const invited = party !== null && call.invitees.includes(party);
  const standing = contributions.filter((c) => c.withdrawnAt === null);
  return (
    <section className="panel call" aria-label={call.title} data-testid="call">
      <h2 className="panel__title">{call.title}</h2>
      <p className="muted">
        {t('calls.deadlineIs', { at: new Date(call.deadline) })} · {t('calls.invited', { parties: call.invitees.join(', ') })}
        {call.publishedAt ? ` · ${t('calls.published')}` : ''}
      </p>
      <ul data-testid="contributions">
        {contributions.map((c) => (
          <li key={c.id} data-party={c.party} className={c.withdrawnAt ? 'muted' : ''}>
            <strong>{c.party}</strong> {t('calls.submittedAt', { at: new Date(c.submittedAt) })}
            {c.workingCopy ? ` · ${t('calls.fromWorkingCopy')}` : ''}
            {c.late ? ` · ${t('calls.late')}` : ''}
            {c.withdrawnAt ? ` · ${t('calls.withdrawn')}` : ''}
            {c.workingCopy && (c.party === party || (officer && call.publishedAt !== null)) && (
              <>
                {' '}
                <Link to={`/documents/${encodeURIComponent(c.workingCopy.documentId)}`}>{t('calls.readWorkingCopy')}</Link>
              </>
            )}
            <blockquote>{c.body}</blockquote>
          </li>
        ))}
      </ul>
      {invited && (
        <div className="form" data-testid="working-copy">
          <p className="muted">{t('calls.workingCopyHint')}</p>
          {copy ? (
            <>
              <Link to={`/documents/${encodeURIComponent(copy.id)}`} className="button button--small">
                {t('calls.workingCopyGoTo')}
              </Link>{' '}
              <button type="button" className="button button--primary button--small" onClick={act(() => api.submitWorkingCopy(call.id))}>
                {t('calls.workingCopySubmit')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button--small"
              onClick={act(async () => {
                const opened = await api.openWorkingCopy(call.id);
                navigate(`/documents/${encodeURIComponent(opened.id)}`);
              })}
            >
              {t('calls.workingCopyOpen')}
            </button>
          )}
        </div>
      )}
      {invited && (
        <div className="form">
          <Field label={t('calls.yourContribution')} wide>
            {(id) => <textarea id={id} rows={5} value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <button type="button" className="button button--primary button--small" disabled={!text.trim()} onClick={act(async () => (await api.contribute(call.id, text.trim()), setText('')))}>
            {t('calls.submit')}
          </button>{' '}
          <input type="file" accept=".docx" aria-label={t('calls.wordFile')} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <button type="button" className="button button--small" disabled={!file} onClick={act(() => api.contributeWord(call.id, file!))}>
            {t('calls.submitWord')}
          </button>{' '}
          {standing.some((c) => c.party === party) && (
            <button type="button" className="button button--small button--quiet" onClick={act(() => api.withdrawContribution(call.id))}>
              {t('calls.withdraw')}
            </button>
          )}
        </div>
      )}
      {officer && (
        <div className="form">
          <label>
            {t('calls.acceptLate')}{' '}
            <select value={late} onChange={(e) => setLate(e.target.value)} aria-label={t('calls.acceptLate')}>
              <option value="">—</option>
              {call.invitees.filter((p) => !call.lateParties.includes(p)).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="button" className="button button--small" disabled={!late} onClick={act(() => api.acceptLate(call.id, late))}>
            {t('calls.acceptLateButton')}
          </button>{' '}
          {!call.publishedAt && (
            <button type="button" className="button button--small" onClick={act(() => api.publishCall(call.id))}>
              {t('calls.publish')}
            </button>
          )}
          {standing.length > 0 && <CompileForm call={call} standing={standing} onCompiled={(draft) => navigate(`/documents/${encodeURIComponent(draft.id)}`)} />}
        </div>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
