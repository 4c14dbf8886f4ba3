import { useState } from 'react';
import { proposerLabel } from '../../shared/negotiation/amendment-marks.ts';
import type { Amendment } from '../../shared/negotiation/amendments.ts';
import { MAX_RATIONALE } from '../../shared/negotiation/update-rules.ts';
import type { Participant } from '../../shared/participants.ts';
import { describeAmendment, formatTime } from './amendment-text.ts';
import { proposerCode, proposerColour, proposerName } from './delegation-colours.ts';
import type { PartsWriter, Rationale, Support } from './negotiation-parts.ts';
import type { Decisions } from './use-decisions.ts';
import { useLanguage } from '../i18n/language.tsx';

export interface AmendmentCardProps {
  amendment: Amendment;
  participant: Participant;
  supporters: Support[];
  rationale: Rationale | undefined;
  roster: Map<string, Participant>;
  writer: PartsWriter;
  decisions: Decisions;
  /** Whether the participant may write to the document at all (observers may not). */
  mayWrite: boolean;
}

/** One amendment as the popover shows it: who, when, who joins it, why; and what one may do. */
export function AmendmentCard({ amendment, participant, supporters, rationale, roster, writer, decisions, mayWrite }: AmendmentCardProps) {
  const { language, t } = useLanguage();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(rationale?.text ?? '');
  const self = proposerLabel(participant);
  const own = amendment.delegation === self;
  const supporting = supporters.some((s) => s.delegation === self);
  const mayJoin = mayWrite && participant.role === 'delegation' && !own;
  const isChair = participant.role === 'chair';
  const author = roster.get(amendment.author)?.name ?? t('card.aMember');

  const save = () => {
    writer.explain(amendment.id, draft);
    setEditing(false);
  };

  return (
    <article className="amendment-card" data-testid="amendment-card" data-amendment-id={amendment.id} style={{ ['--delegation-colour' as string]: proposerColour(amendment.delegation) }}>
      <header className="amendment-card__head">
        <span className="code-chip">{proposerCode(amendment.delegation, t)}</span>
        <span className="amendment-card__who">
          <strong>{proposerName(amendment.delegation, language, t)}</strong>
          <span className="muted">
            {author} · {formatTime(amendment.at, language)}
          </span>
        </span>
      </header>
      <p className="amendment-card__what">{describeAmendment(amendment, t)}</p>
      {amendment.rivals.length > 0 && <p className="amendment-card__note">{t('card.alternatives', { count: amendment.rivals.length + 1 })}</p>}
      {amendment.within && <p className="amendment-card__note">{t('card.within', { delegation: amendment.within.split(':')[0] ?? '' })}</p>}

      <p className="amendment-card__support">
        {supporters.length === 0 ? (
          <span className="muted">{t('card.noSupport')}</span>
        ) : (
          <>
            {t('card.supportedBy')}{' '}
            {supporters.map((s) => (
              <span key={s.delegation} className="code-chip code-chip--small" style={{ ['--delegation-colour' as string]: proposerColour(s.delegation) }} title={roster.get(s.author)?.name}>
                {proposerCode(s.delegation, t)}
              </span>
            ))}
          </>
        )}
      </p>

      {editing ? (
        <div className="amendment-card__rationale-edit">
          <textarea
            value={draft}
            maxLength={MAX_RATIONALE}
            rows={3}
            onChange={(e) => setDraft(e.target.value)}
            aria-label={t('card.rationale')}
            placeholder={t('card.rationalePlaceholder')}
            autoFocus
          />
          <span className="amendment-card__actions">
            <button type="button" className="button button--small button--primary" onClick={save}>
              {t('common.save')}
            </button>
            <button type="button" className="button button--small button--quiet" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
            <span className="muted amendment-card__count">
              {draft.length}/{MAX_RATIONALE}
            </span>
          </span>
        </div>
      ) : (
        rationale && (
          <blockquote className="amendment-card__rationale" data-testid="rationale">
            {rationale.text}
          </blockquote>
        )
      )}

      <footer className="amendment-card__actions">
        {mayJoin &&
          (supporting ? (
            <button type="button" className="button button--small" data-testid="withdraw-support" onClick={() => writer.withdrawSupport(amendment.id)}>
              {t('card.withdrawSupport')}
            </button>
          ) : (
            <button type="button" className="button button--small" data-testid="support-amendment" onClick={() => writer.support(amendment.id)}>
              {t('card.support')}
            </button>
          ))}
        {own && mayWrite && !editing && (
          <button
            type="button"
            className="button button--small button--quiet"
            data-testid="edit-rationale"
            onClick={() => {
              setDraft(rationale?.text ?? '');
              setEditing(true);
            }}
          >
            {rationale ? t('card.editRationale') : t('card.addRationale')}
          </button>
        )}
        {isChair && (
          <>
            <button
              type="button"
              className="button button--small button--accept"
              data-testid="accept-amendment"
              disabled={decisions.busy}
              onClick={() => void decisions.decide({ action: 'accept', scope: { kind: 'amendment', id: amendment.id } })}
            >
              {t('amendments.accept')}
            </button>
            <button
              type="button"
              className="button button--small button--reject"
              data-testid="reject-amendment"
              disabled={decisions.busy}
              onClick={() => void decisions.decide({ action: 'reject', scope: { kind: 'amendment', id: amendment.id } })}
            >
              {t('amendments.reject')}
            </button>
          </>
        )}
      </footer>
    </article>
  );
}
