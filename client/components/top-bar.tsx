import { useState } from 'react';
import { delegationName } from '../../shared/delegations.ts';
import { managesWorkspace, type Participant } from '../../shared/participants.ts';
import { api, errorMessage } from '../api.ts';
import { Link } from '../app/router.tsx';
import { ParticipantBadge, roleName } from './participant-badge.tsx';

interface TopBarProps {
  participant: Participant;
  section: 'documents' | 'participants' | 'other';
  projector: boolean;
  onToggleProjector: () => void;
  onSignedOut: () => void;
}

export function TopBar({ participant, section, projector, onToggleProjector, onSignedOut }: TopBarProps) {
  const [signingOut, setSigningOut] = useState(false);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await api.signOut();
      onSignedOut();
    } catch (error) {
      // The cookie may already be gone; the participant still needs to know nothing happened.
      window.alert(`Could not sign out: ${errorMessage(error)}`);
      setSigningOut(false);
    }
  };

  const office = participant.role === 'delegation' && participant.delegation ? delegationName(participant.delegation) : roleName(participant.role);

  return (
    <header className="top-bar">
      <Link to="/" className="wordmark" aria-label="Accord — documents">
        <span className="wordmark__mark" aria-hidden="true">
          ❦
        </span>
        Accord
      </Link>
      <nav className="top-bar__nav" aria-label="Main">
        <Link to="/" className="top-bar__link" aria-current={section === 'documents' ? 'page' : undefined}>
          Documents
        </Link>
        {managesWorkspace(participant.role) && (
          <Link to="/participants" className="top-bar__link" aria-current={section === 'participants' ? 'page' : undefined}>
            Participants
          </Link>
        )}
      </nav>
      <div className="top-bar__end">
        <button type="button" className="toggle" aria-pressed={projector} onClick={onToggleProjector} title="Larger text for a projected screen">
          <span className="toggle__track" aria-hidden="true">
            <span className="toggle__thumb" />
          </span>
          Projector
        </button>
        <div className="whoami" data-testid="whoami">
          <ParticipantBadge participant={participant} />
          <span className="whoami__text">
            <span className="whoami__name">{participant.name}</span>
            <span className="whoami__role">{office}</span>
          </span>
        </div>
        <button type="button" className="button button--quiet" onClick={signOut} disabled={signingOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
