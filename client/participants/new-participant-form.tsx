import { useState, type FormEvent } from 'react';
import type { IssuedInvitation } from '../../shared/api.ts';
import { DELEGATIONS } from '../../shared/delegations.ts';
import { ROLES, type Participant, type Role } from '../../shared/participants.ts';
import { api, errorMessage } from '../api.ts';
import { Field } from '../components/field.tsx';
import { roleName } from '../components/participant-badge.tsx';
import { SubmitOrCancel } from '../components/submit-or-cancel.tsx';

interface NewParticipantFormProps {
  onCreated: (participant: Participant, invitation: IssuedInvitation) => void;
  onCancel: () => void;
}

const SORTED_DELEGATIONS = [...DELEGATIONS].sort((a, b) => a.name.localeCompare(b.name));

export function NewParticipantForm({ onCreated, onCancel }: NewParticipantFormProps) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('delegation');
  const [delegation, setDelegation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsDelegation = role === 'delegation';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createParticipant({ name: name.trim(), role, delegation: needsDelegation ? delegation : null });
      onCreated(created.participant, created.invitation);
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="new-participant-heading">
      <h2 id="new-participant-heading" className="panel__title">
        New participant
      </h2>
      <div className="form__grid">
        <Field label="Name" wide>
          {(id) => (
            <input id={id} required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} autoFocus placeholder="Full name as it should appear" />
          )}
        </Field>
        <Field label="Role">
          {(id) => (
            <select id={id} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleName(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {needsDelegation && (
          <Field label="Delegation">
            {(id) => (
              <select id={id} required value={delegation} onChange={(e) => setDelegation(e.target.value)}>
                <option value="" disabled>
                  Choose a member state…
                </option>
                {SORTED_DELEGATIONS.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.name} ({d.code})
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <p className="muted form__hint">{ROLE_HINTS[role]}</p>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <SubmitOrCancel busy={busy} incomplete={!name.trim() || (needsDelegation && !delegation)} onCancel={onCancel}>
        Create and issue a sign-in link
      </SubmitOrCancel>
    </form>
  );
}

const ROLE_HINTS: Record<Role, string> = {
  chair: 'The Chair may do everything and decides on amendments.',
  secretariat: 'The Secretariat edits directly and manages documents, participants and revisions.',
  delegation: 'A delegation proposes amendments; each is shown in brackets with its code.',
  observer: 'An observer follows the text and cannot change it.',
  organization: 'An organization reads like an observer, and proposes amendments under its code where the Chair allows it on a document.',
};
