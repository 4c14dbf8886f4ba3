import type { PresentParticipant } from './presence.ts';
import { useT } from '../i18n/language.tsx';
import { proposerCode } from './delegation-colours.ts';

export function PresenceList({ present, selfId }: { present: PresentParticipant[]; selfId: string }) {
  const t = useT();
  return (
    <section className="side-panel" aria-labelledby="presence-heading">
      <h2 id="presence-heading" className="side-panel__title">
        {t('presence.title')} <span className="side-panel__count">{present.length}</span>
      </h2>
      <ul className="presence" data-testid="presence">
        {present.map((p) => (
          <li key={p.participantId} className="presence__item" data-participant={p.participantId}>
            <span className="presence__dot" style={{ backgroundColor: p.color }} aria-hidden="true" />
            <span className="presence__label" style={{ color: p.color }}>
              {proposerCode(p.label, t)}
            </span>
            <span className="presence__name">
              {p.name}
              {p.participantId === selfId && <span className="muted"> {t('participant.you')}</span>}
            </span>
          </li>
        ))}
        {present.length === 0 && <li className="muted">{t('presence.none')}</li>}
      </ul>
    </section>
  );
}
