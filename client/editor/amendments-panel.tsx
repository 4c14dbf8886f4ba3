import { useMemo, useState } from 'react';
import type { Amendment } from '../../shared/negotiation/amendments.ts';
import { pendingInParagraph } from '../../shared/negotiation/decisions.ts';
import type { Participant } from '../../shared/participants.ts';
import { countsByProposer, groupByParagraph, type StatusFilter } from './amendment-filters.ts';
import { describeAmendment, type ParagraphRef } from './amendment-text.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { proposerColour, proposerName } from './delegation-colours.ts';
import type { NegotiationParts } from './negotiation-parts.ts';
import { ParagraphStatusControl, StatusTag } from './paragraph-status-control.tsx';
import type { Decisions } from './use-decisions.ts';
import { PanelToggle } from '../components/panel-toggle.tsx';

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

/** "Reject all 44 JAM amendments?": every decision on many amendments says how many, and asks. */
export function bulkQuestion(verb: 'Accept' | 'Reject', count: number, whose: string, where = ''): string {
  return `${verb} ${count === 1 ? `the ${whose}pending amendment` : `all ${count} ${whose}pending amendments`}${where}?`;
}

const chipStyle = (label: string) => ({ ['--delegation-colour' as string]: proposerColour(label) });

/** Every pending amendment by paragraph, with the Chair's decisions at hand. */
export function AmendmentsPanel({ amendments, refs, parts, participant, decisions, cursorPid, onJump }: AmendmentsPanelProps) {
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
          Amendments
        </PanelToggle>
        <span className="side-panel__count" data-testid="amendment-count">
          {amendments.length}
        </span>
      </h2>
      {open && (
        <>
          <div className="proposer-chips" role="group" aria-label="Filter by delegation">
            <button type="button" className="proposer-chip" aria-pressed={proposer === null} onClick={() => setProposer(null)}>
              All <span className="proposer-chip__count">{amendments.length}</span>
            </button>
            {counts.map(([label, n]) => (
              <button
                key={label}
                type="button"
                className="proposer-chip"
                style={chipStyle(label)}
                aria-pressed={proposer === label}
                title={proposerName(label)}
                data-testid="proposer-filter"
                data-delegation={label}
                onClick={() => setProposer(proposer === label ? null : label)}
              >
                {label} <span className="proposer-chip__count">{n}</span>
              </button>
            ))}
          </div>
          <label className="panel-filter">
            <span>Paragraphs</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)} data-testid="status-filter">
              <option value="all">All</option>
              <option value="open">Open</option>
              <option value="agreed">Agreed</option>
              <option value="adref">Ad ref.</option>
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
                  <ConfirmButton className="button--accept" testId="accept-delegation" disabled={decisions.busy} question={bulkQuestion('Accept', amendments.filter((a) => a.delegation === shownProposer).length, `${shownProposer} `)} onConfirm={() => void decisions.decide({ action: 'accept', scope: { kind: 'delegation', delegation: shownProposer } })}>
                    Accept all {shownProposer}…
                  </ConfirmButton>
                  <ConfirmButton className="button--reject" testId="reject-delegation" disabled={decisions.busy} question={bulkQuestion('Reject', amendments.filter((a) => a.delegation === shownProposer).length, `${shownProposer} `)} onConfirm={() => void decisions.decide({ action: 'reject', scope: { kind: 'delegation', delegation: shownProposer } })}>
                    Reject all {shownProposer}…
                  </ConfirmButton>
                </div>
              )}
              {amendments.length > 0 && (
                <div className="chair-bar__row">
                  <ConfirmButton className="button--accept" testId="accept-everything" disabled={decisions.busy} question={bulkQuestion('Accept', amendments.length, '')} onConfirm={() => void decisions.decide({ action: 'accept', scope: { kind: 'all' } })}>
                    Accept all…
                  </ConfirmButton>
                  <ConfirmButton className="button--reject" testId="reject-everything" disabled={decisions.busy} question={bulkQuestion('Reject', amendments.length, '')} onConfirm={() => void decisions.decide({ action: 'reject', scope: { kind: 'all' } })}>
                    Reject all…
                  </ConfirmButton>
                </div>
              )}
            </div>
          )}
          {decisions.error && (
            <p className="panel-error" role="alert">
              {decisions.error}{' '}
              <button type="button" className="link-button" onClick={decisions.clearError}>
                Dismiss
              </button>
            </p>
          )}

          <div className="amendment-groups">
            {groups.length === 0 && <p className="muted panel-empty">{amendments.length === 0 ? 'No pending amendments.' : 'No amendment matches these filters.'}</p>}
            {groups.map((g) => (
              <section key={g.pid ?? g.amendments[0]!.id} className="paragraph-group" data-testid="paragraph-group" data-pid={g.pid ?? ''}>
                <header className="paragraph-group__head">
                  <span className="paragraph-group__label">{g.ref?.label ?? 'Paragraph'}</span>
                  {g.ref && <StatusTag status={g.ref.status} />}
                  {isChair && g.pid && (
                    <span className="paragraph-group__actions">
                      <ConfirmButton look="link" testId="accept-paragraph" disabled={decisions.busy} title="Accept all in this paragraph" question={bulkQuestion('Accept', pendingInParagraph(amendments, g.pid).length, '', ` in ${g.ref?.label ?? 'this paragraph'}`)} onConfirm={() => void decisions.decide({ action: 'accept', scope: { kind: 'paragraph', pid: g.pid! } })}>
                        Accept all…
                      </ConfirmButton>
                      <ConfirmButton look="link" className="link-button--danger" testId="reject-paragraph" disabled={decisions.busy} title="Reject all in this paragraph" question={bulkQuestion('Reject', pendingInParagraph(amendments, g.pid).length, '', ` in ${g.ref?.label ?? 'this paragraph'}`)} onConfirm={() => void decisions.decide({ action: 'reject', scope: { kind: 'paragraph', pid: g.pid! } })}>
                        Reject all…
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
  return (
    <li className="amendment-item" data-testid="amendment-item" data-amendment-id={a.id} data-delegation={a.delegation} style={chipStyle(a.delegation)}>
      <button type="button" className="amendment-item__jump" onClick={() => onJump(a)} title="Show in the text">
        <span className="code-chip code-chip--small">{a.delegation}</span>
        <span className="amendment-item__text">{describeAmendment(a)}</span>
        <span className="amendment-item__meta">
          {a.rivals.length > 0 && <span className="meta-tag">alternative</span>}
          {a.within && <span className="meta-tag">nested</span>}
          {supporters > 0 && <span className="meta-tag">+{supporters} support</span>}
        </span>
      </button>
      {isChair && (
        <span className="amendment-item__decide">
          <button type="button" className="icon-button icon-button--accept" data-testid="accept-amendment" aria-label={`Accept ${a.delegation}’s amendment`} title="Accept" disabled={decisions.busy} onClick={() => void decisions.decide({ action: 'accept', scope: { kind: 'amendment', id: a.id } })}>
            ✓
          </button>
          <button type="button" className="icon-button icon-button--reject" data-testid="reject-amendment" aria-label={`Reject ${a.delegation}’s amendment`} title="Reject" disabled={decisions.busy} onClick={() => void decisions.decide({ action: 'reject', scope: { kind: 'amendment', id: a.id } })}>
            ✕
          </button>
        </span>
      )}
    </li>
  );
}
