import { useMemo, useState } from 'react';
import type { Amendment } from '../../shared/negotiation/amendments.ts';
import { pendingInParagraph } from '../../shared/negotiation/decisions.ts';
import type { Participant } from '../../shared/participants.ts';
import { countsByProposer, groupByParagraph, type StatusFilter } from './amendment-filters.ts';
import { describeAmendment, type ParagraphRef } from './amendment-text.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { proposerCode, proposerColour, proposerName } from './delegation-colours.ts';
import type { NegotiationParts } from './negotiation-parts.ts';
import { ParagraphStatusControl, StatusTag } from './paragraph-status-control.tsx';
import type { Decisions } from './use-decisions.ts';
import { PanelToggle } from '../components/panel-toggle.tsx';
import type { Translate } from '../../shared/i18n/translate.ts';
import { useLanguage, useT } from '../i18n/language.tsx';

interface AmendmentsPanelProps {
  amendments: Amendment[];
  refs: Map<string, ParagraphRef>;
  parts: NegotiationParts;
  participant: Participant;
  decisions: Decisions;
  /** The paragraph the caret is in, for the Chair's status control. */
  cursorPid: string | null;
  onJump: (amendment: Amendment) => void;
}

type BulkScope = { kind: 'all' } | { kind: 'delegation'; delegation: string } | { kind: 'paragraph'; where: string };

/** "Reject all 44 JAM pending amendments?": every decision on many amendments says how many, and asks. */
export function bulkQuestion(t: Translate, verb: 'accept' | 'reject', count: number, scope: BulkScope): string {
  if (scope.kind === 'delegation') return t(`bulk.delegation.${verb}`, { count, delegation: scope.delegation });
  if (scope.kind === 'paragraph') return t(`bulk.paragraph.${verb}`, { count, where: scope.where });
  return t(`bulk.all.${verb}`, { count });
}

const chipStyle = (label: string) => ({ ['--delegation-colour' as string]: proposerColour(label) });

/** Every pending amendment by paragraph, with the Chair's decisions at hand. */
export function AmendmentsPanel({ amendments, refs, parts, participant, decisions, cursorPid, onJump }: AmendmentsPanelProps) {
  const { language, t } = useLanguage();
  const [open, setOpen] = useState(true);
  const [proposer, setProposer] = useState<string | null>(null);
  const [status, setStatus] = useState<StatusFilter>('all');
  const isChair = participant.role === 'chair';
  const counts = useMemo(() => countsByProposer(amendments), [amendments]);
  const groups = useMemo(() => groupByParagraph(amendments, refs, { proposer, status }), [amendments, refs, proposer, status]);
  const cursorRef = cursorPid ? refs.get(cursorPid) : undefined;
  const shownProposer = proposer && counts.some(([p]) => p === proposer) ? proposer : null;

  return (
    <section className="side-panel amendments-panel" data-testid="amendments-panel" aria-labelledby="amendments-heading">
      <h2 id="amendments-heading" className="side-panel__title">
        <PanelToggle open={open} onToggle={() => setOpen(!open)}>
          {t('amendments.title')}
        </PanelToggle>
        <span className="side-panel__count" data-testid="amendment-count">
          {amendments.length}
        </span>
      </h2>
      {open && (
        <>
          <div className="proposer-chips" role="group" aria-label={t('amendments.filterByDelegation')}>
            <button type="button" className="proposer-chip" aria-pressed={proposer === null} onClick={() => setProposer(null)}>
              {t('amendments.all')} <span className="proposer-chip__count">{amendments.length}</span>
            </button>
            {counts.map(([label, n]) => (
              <button
                key={label}
                type="button"
                className="proposer-chip"
                style={chipStyle(label)}
                aria-pressed={proposer === label}
                title={proposerName(label, language, t)}
                data-testid="proposer-filter"
                data-delegation={label}
                onClick={() => setProposer(proposer === label ? null : label)}
              >
                {proposerCode(label, t)} <span className="proposer-chip__count">{n}</span>
              </button>
            ))}
          </div>
          <label className="panel-filter">
            <span>{t('amendments.paragraphs')}</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)} data-testid="status-filter">
              <option value="all">{t('status.all')}</option>
              <option value="open">{t('status.open')}</option>
              <option value="agreed">{t('status.agreed')}</option>
              <option value="adref">{t('status.adref')}</option>
            </select>
          </label>

          {isChair && (
            <div className="chair-bar">
              {cursorRef && cursorRef.kind !== 'heading' && (
                <div className="chair-bar__row">
                  <span className="chair-bar__label">{cursorRef.label}</span>
                  <ParagraphStatusControl pid={cursorRef.pid} status={cursorRef.status} decisions={decisions} pending={pendingInParagraph(amendments, cursorRef.pid)} />
                </div>
              )}
              {shownProposer && (
                <div className="chair-bar__row">
                  <ConfirmButton className="button--accept" testId="accept-delegation" disabled={decisions.busy} question={bulkQuestion(t, 'accept', amendments.filter((a) => a.delegation === shownProposer).length, { kind: 'delegation', delegation: shownProposer })} onConfirm={() => void decisions.decide({ action: 'accept', scope: { kind: 'delegation', delegation: shownProposer } })}>
                    {t('bulk.acceptAllOf', { delegation: shownProposer })}
                  </ConfirmButton>
                  <ConfirmButton className="button--reject" testId="reject-delegation" disabled={decisions.busy} question={bulkQuestion(t, 'reject', amendments.filter((a) => a.delegation === shownProposer).length, { kind: 'delegation', delegation: shownProposer })} onConfirm={() => void decisions.decide({ action: 'reject', scope: { kind: 'delegation', delegation: shownProposer } })}>
                    {t('bulk.rejectAllOf', { delegation: shownProposer })}
                  </ConfirmButton>
                </div>
              )}
              {amendments.length > 0 && (
                <div className="chair-bar__row">
                  <ConfirmButton className="button--accept" testId="accept-everything" disabled={decisions.busy} question={bulkQuestion(t, 'accept', amendments.length, { kind: 'all' })} onConfirm={() => void decisions.decide({ action: 'accept', scope: { kind: 'all' } })}>
                    {t('bulk.acceptAll')}
                  </ConfirmButton>
                  <ConfirmButton className="button--reject" testId="reject-everything" disabled={decisions.busy} question={bulkQuestion(t, 'reject', amendments.length, { kind: 'all' })} onConfirm={() => void decisions.decide({ action: 'reject', scope: { kind: 'all' } })}>
                    {t('bulk.rejectAll')}
                  </ConfirmButton>
                </div>
              )}
            </div>
          )}
          {decisions.error && (
            <p className="panel-error" role="alert">
              {decisions.error}{' '}
              <button type="button" className="link-button" onClick={decisions.clearError}>
                {t('common.dismiss')}
              </button>
            </p>
          )}

          <div className="amendment-groups">
            {groups.length === 0 && <p className="muted panel-empty">{amendments.length === 0 ? t('amendments.none') : t('amendments.noMatch')}</p>}
            {groups.map((g) => (
              <section key={g.pid ?? g.amendments[0]!.id} className="paragraph-group" data-testid="paragraph-group" data-pid={g.pid ?? ''}>
                <header className="paragraph-group__head">
                  <span className="paragraph-group__label">{g.ref?.label ?? t('amendments.paragraph')}</span>
                  {g.ref && <StatusTag status={g.ref.status} />}
                  {isChair && g.pid && (
                    <span className="paragraph-group__actions">
                      <ConfirmButton look="link" testId="accept-paragraph" disabled={decisions.busy} title={t('bulk.acceptInParagraph')} question={bulkQuestion(t, 'accept', pendingInParagraph(amendments, g.pid).length, { kind: 'paragraph', where: g.ref?.label ?? t('bulk.thisParagraph') })} onConfirm={() => void decisions.decide({ action: 'accept', scope: { kind: 'paragraph', pid: g.pid! } })}>
                        {t('bulk.acceptAll')}
                      </ConfirmButton>
                      <ConfirmButton look="link" className="link-button--danger" testId="reject-paragraph" disabled={decisions.busy} title={t('bulk.rejectInParagraph')} question={bulkQuestion(t, 'reject', pendingInParagraph(amendments, g.pid).length, { kind: 'paragraph', where: g.ref?.label ?? t('bulk.thisParagraph') })} onConfirm={() => void decisions.decide({ action: 'reject', scope: { kind: 'paragraph', pid: g.pid! } })}>
                        {t('bulk.rejectAll')}
                      </ConfirmButton>
                    </span>
                  )}
                </header>
                {isChair && g.ref && g.ref.kind !== 'heading' && <ParagraphStatusControl pid={g.ref.pid} status={g.ref.status} decisions={decisions} pending={pendingInParagraph(amendments, g.ref.pid)} />}
                <ul className="amendment-list">
                  {g.amendments.map((a) => (
                    <AmendmentItem key={a.id} amendment={a} supporters={parts.supporters.get(a.id)?.length ?? 0} isChair={isChair} decisions={decisions} onJump={onJump} />
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

interface AmendmentItemProps {
  amendment: Amendment;
  supporters: number;
  isChair: boolean;
  decisions: Decisions;
  onJump: (amendment: Amendment) => void;
}

function AmendmentItem({ amendment: a, supporters, isChair, decisions, onJump }: AmendmentItemProps) {
  const t = useT();
  return (
    <li className="amendment-item" data-testid="amendment-item" data-amendment-id={a.id} data-delegation={a.delegation} style={chipStyle(a.delegation)}>
      <button type="button" className="amendment-item__jump" onClick={() => onJump(a)} title={t('amendments.showInText')}>
        <span className="code-chip code-chip--small">{proposerCode(a.delegation, t)}</span>
        <span className="amendment-item__text">{describeAmendment(a, t)}</span>
        <span className="amendment-item__meta">
          {a.rivals.length > 0 && <span className="meta-tag">{t('amendments.alternative')}</span>}
          {a.within && <span className="meta-tag">{t('amendments.nested')}</span>}
          {supporters > 0 && <span className="meta-tag">{t('amendments.support', { count: supporters })}</span>}
        </span>
      </button>
      {isChair && (
        <span className="amendment-item__decide">
          <button type="button" className="icon-button icon-button--accept" data-testid="accept-amendment" aria-label={t('amendments.acceptOf', { delegation: a.delegation })} title={t('amendments.accept')} disabled={decisions.busy} onClick={() => void decisions.decide({ action: 'accept', scope: { kind: 'amendment', id: a.id } })}>
            ✓
          </button>
          <button type="button" className="icon-button icon-button--reject" data-testid="reject-amendment" aria-label={t('amendments.rejectOf', { delegation: a.delegation })} title={t('amendments.reject')} disabled={decisions.busy} onClick={() => void decisions.decide({ action: 'reject', scope: { kind: 'amendment', id: a.id } })}>
            ✕
          </button>
        </span>
      )}
    </li>
  );
}
