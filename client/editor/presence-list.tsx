import type { PresentParticipant } from './presence.ts';

export function PresenceList({ present, selfId }: { present: PresentParticipant[]; selfId: string }) {
  return (
    <section className="side-panel" aria-labelledby="presence-heading">
      <h2 id="presence-heading" className="side-panel__title">
        In the room <span className="side-panel__count">{present.length}</span>
      </h2>
      <ul className="presence" data-testid="presence">
        {present.map((p) => (
          <li key={p.participantId} className="presence__item" data-participant={p.participantId}>
            <span className="presence__dot" style={{ backgroundColor: p.color }} aria-hidden="true" />
            <span className="presence__label" style={{ color: p.color }}>
              {p.label}
            </span>
            <span className="presence__name">
              {p.name}
              {p.participantId === selfId && <span className="muted"> (you)</span>}
            </span>
          </li>
        ))}
        {present.length === 0 && <li className="muted">No one connected yet.</li>}
      </ul>
    </section>
  );
}
