import { useState } from 'react';
import type { Language } from '../../shared/i18n/languages.ts';
import { delegationNameIn } from '../../shared/i18n/delegation-names.ts';
import { managesWorkspace, type Participant } from '../../shared/participants.ts';
import { api, errorMessage } from '../api.ts';
import { Link } from '../app/router.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { LanguageSelect } from './language-select.tsx';
import { ParticipantBadge, roleName } from './participant-badge.tsx';

interface TopBarProps {
  participant: Participant;
  section: 'documents' | 'participants' | 'other';
  projector: boolean;
  onToggleProjector: () => void;
  onSignedOut: () => void;
  /** Keeps a newly chosen language as this participant's own. */
  onLanguageChosen: (language: Language) => void;
}

export function TopBar({ participant, section, projector, onToggleProjector, onSignedOut, onLanguageChosen }: TopBarProps) {
  const { language, t } = useLanguage();
  const [signingOut, setSigningOut] = useState(false);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await api.signOut();
      onSignedOut();
    } catch (error) {
      // The cookie may already be gone; the participant still needs to know nothing happened.
      window.alert(t('topBar.signOutFailed', { reason: errorMessage(error) }));
      setSigningOut(false);
    }
  };

  const office = participant.role === 'delegation' && participant.delegation ? delegationNameIn(participant.delegation, language) : roleName(participant.role, t);

  return (
    <header className="top-bar">
      <Link to="/" className="wordmark" aria-label={t('topBar.home')}>
        <span className="wordmark__mark" aria-hidden="true">
          ❦
        </span>
        Accord
      </Link>
      <nav className="top-bar__nav" aria-label={t('topBar.main')}>
        <Link to="/" className="top-bar__link" aria-current={section === 'documents' ? 'page' : undefined}>
          {t('topBar.documents')}
        </Link>
        {managesWorkspace(participant.role) && (
          <Link to="/participants" className="top-bar__link" aria-current={section === 'participants' ? 'page' : undefined}>
            {t('topBar.participants')}
          </Link>
        )}
      </nav>
      <div className="top-bar__end">
        <LanguageSelect onChosen={onLanguageChosen} />
        <button type="button" className="toggle" aria-pressed={projector} onClick={onToggleProjector} title={t('topBar.projectorHint')}>
          <span className="toggle__track" aria-hidden="true">
            <span className="toggle__thumb" />
          </span>
          {t('topBar.projector')}
        </button>
        <div className="whoami" data-testid="whoami">
          <ParticipantBadge participant={participant} />
          <span className="whoami__text">
            <span className="whoami__name">{participant.name}</span>
            <span className="whoami__role">{office}</span>
          </span>
        </div>
        <button type="button" className="button button--quiet" onClick={signOut} disabled={signingOut}>
          {t('topBar.signOut')}
        </button>
      </div>
    </header>
  );
}
