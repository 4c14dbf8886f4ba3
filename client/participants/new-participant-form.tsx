import { useEffect, useState, type FormEvent } from 'react';
import type { IssuedInvitation } from '../../shared/api.ts';
import type { Organization } from '../../shared/organizations.ts';
import { DELEGATIONS } from '../../shared/delegations.ts';
import { delegationNameIn } from '../../shared/i18n/delegation-names.ts';
import { ROLES, type Participant, type Role } from '../../shared/participants.ts';
import type { MessageKey } from '../../shared/i18n/translate.ts';
import { api, errorMessage } from '../api.ts';
import { Field } from '../components/field.tsx';
import { roleName } from '../components/participant-badge.tsx';
import { SubmitOrCancel } from '../components/submit-or-cancel.tsx';
import { useLanguage } from '../i18n/language.tsx';

interface NewParticipantFormProps {
  onCreated: (participant: Participant, invitation: IssuedInvitation) => void;
  onCancel: () => void;
}


export function NewParticipantForm({ onCreated, onCancel }: NewParticipantFormProps) {
  const { language, t } = useLanguage();
  // Sorted as the participant's language names and orders them: "Estados Unidos" among the E's.
  const delegations = DELEGATIONS.map((d) => ({ code: d.code, name: delegationNameIn(d.code, language) })).sort((a, b) => a.name.localeCompare(b.name, language));
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('delegation');
  const [delegation, setDelegation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsDelegation = role === 'delegation';
  // An organization's participant speaks for one the Secretariat has recorded (issue 16).
  const needsOrganization = role === 'organization';
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const [organization, setOrganization] = useState('');
  useEffect(() => {
    if (needsOrganization) api.listOrganizations().then(setOrganizations, (failure: unknown) => setError(errorMessage(failure)));
  }, [needsOrganization]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const code = needsDelegation ? delegation : needsOrganization ? organization : null;
      const created = await api.createParticipant({ name: name.trim(), role, delegation: code });
      onCreated(created.participant, created.invitation);
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="new-participant-heading">
      <h2 id="new-participant-heading" className="panel__title">
        {t('newParticipant.title')}
      </h2>
      <div className="form__grid">
        <Field label={t('newParticipant.name')} wide>
          {(id) => (
            <input id={id} required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} autoFocus placeholder={t('newParticipant.namePlaceholder')} />
          )}
        </Field>
        <Field label={t('newParticipant.role')}>
          {(id) => (
            <select id={id} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleName(r, t)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {needsDelegation && (
          <Field label={t('newParticipant.delegation')}>
            {(id) => (
              <select id={id} required value={delegation} onChange={(e) => setDelegation(e.target.value)}>
                <option value="" disabled>
                  {t('newParticipant.chooseState')}
                </option>
                {delegations.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.name} ({d.code})
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {needsOrganization && (
          <Field label={t('newParticipant.organization')}>
            {(id) => (
              <select id={id} required value={organization} onChange={(e) => setOrganization(e.target.value)}>
                <option value="" disabled>
                  {t('newParticipant.chooseOrganization')}
                </option>
                {organizations.map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.name} ({o.code})
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <p className="muted form__hint">{t(ROLE_HINTS[role])}</p>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <SubmitOrCancel busy={busy} incomplete={!name.trim() || (needsDelegation && !delegation) || (needsOrganization && !organization)} onCancel={onCancel}>
        {t('newParticipant.submit')}
      </SubmitOrCancel>
    </form>
  );
}

const ROLE_HINTS = {
  chair: 'roleHint.chair',
  secretariat: 'roleHint.secretariat',
  delegation: 'roleHint.delegation',
  observer: 'roleHint.observer',
  organization: 'roleHint.organization',
} as const satisfies Record<Role, MessageKey>;
