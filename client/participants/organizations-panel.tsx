import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DocumentSummary } from '../../shared/documents.ts';
import type { Organization } from '../../shared/organizations.ts';
import type { Participant } from '../../shared/participants.ts';
import { api, errorMessage } from '../api.ts';
import { Field } from '../components/field.tsx';
import { useT } from '../i18n/language.tsx';

type Load = { status: 'loading' } | { status: 'loaded'; organizations: Organization[]; documents: DocumentSummary[]; proposing: Map<string, Set<string>> } | { status: 'failed'; message: string };

/**
 * Organizations on the participants page (issue 16): the Secretariat and the Chair record them
 * (code and name) as the roll of who may take part; their people are then created as
 * participants of role Organization. By default an organization reads; the Chair ticks the
 * documents on which one proposes amendments.
 */
export function OrganizationsPanel({ me, onChanged }: { me: Participant; onChanged: () => void }) {
  const t = useT();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isChair = me.role === 'chair';

  const refresh = useCallback(async () => {
    try {
      const [organizations, documents] = await Promise.all([api.listOrganizations(), api.listDocuments()]);
      const proposing = new Map<string, Set<string>>();
      for (const d of documents) proposing.set(d.id, new Set((await api.proposingOrganizations(d.id)).proposing));
      setLoad({ status: 'loaded', organizations, documents, proposing });
    } catch (failure) {
      setLoad({ status: 'failed', message: errorMessage(failure) });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const record = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.createOrganization({ code: code.trim().toUpperCase(), name: name.trim() });
      setCode('');
      setName('');
      await refresh();
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (documentId: string, organization: string, proposes: boolean) => {
    setError(null);
    // Shown at once; the list read again afterwards says what the server holds.
    setLoad((current) => {
      if (current.status !== 'loaded') return current;
      const proposing = new Map(current.proposing);
      const codes = new Set(proposing.get(documentId));
      if (proposes) codes.add(organization);
      else codes.delete(organization);
      proposing.set(documentId, codes);
      return { ...current, proposing };
    });
    try {
      await api.setOrganizationProposes(documentId, organization, proposes);
      await refresh();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <section className="panel" aria-labelledby="organizations-heading">
      <h2 id="organizations-heading" className="panel__title">
        {t('organizations.title')}
      </h2>
      <p className="muted">{t('organizations.lede')}</p>
      {load.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {load.status === 'failed' && (
        <p className="alert alert--error" role="alert">
          {t('organizations.loadFailed', { reason: load.message })}
        </p>
      )}
      {load.status === 'loaded' && load.organizations.length === 0 && <p className="muted">{t('organizations.none')}</p>}
      {load.status === 'loaded' && load.organizations.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('organizations.code')}</th>
                <th scope="col">{t('organizations.name')}</th>
                <th scope="col">{t('organizations.proposesOn')}</th>
              </tr>
            </thead>
            <tbody>
              {load.organizations.map((o) => (
                <tr key={o.code}>
                  <td>{o.code}</td>
                  <td>{o.name}</td>
                  <td>
                    {load.documents.map((d) => (
                      <div key={d.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={load.proposing.get(d.id)?.has(o.code) ?? false}
                          disabled={!isChair}
                          onChange={(e) => void toggle(d.id, o.code, e.target.checked)}
                          aria-label={t('organizations.proposesOnDocument', { organization: o.code, document: d.title })}
                        />{' '}
                        {d.symbol ? `${d.symbol} — ${d.title}` : d.title}
                      </label>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!isChair && <p className="muted form__hint">{t('organizations.chairDecides')}</p>}
        </div>
      )}
      <form className="form" onSubmit={record} aria-label={t('organizations.record')}>
        <div className="form__grid">
          <Field label={t('organizations.code')}>
            {(id) => <input id={id} required maxLength={12} value={code} onChange={(e) => setCode(e.target.value)} placeholder="IACHR" />}
          </Field>
          <Field label={t('organizations.name')} wide>
            {(id) => <input id={id} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('organizations.namePlaceholder')} />}
          </Field>
        </div>
        {error && (
          <p className="alert alert--error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button" disabled={busy || !code.trim() || !name.trim()}>
          {t('organizations.record')}
        </button>
      </form>
    </section>
  );
}
