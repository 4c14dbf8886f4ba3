import { useState } from 'react';
import type { Amendment } from '../../shared/negotiation/amendments.ts';
import type { Decision } from '../../shared/negotiation/decisions.ts';
import type { ParagraphStatus } from '../../shared/schema.ts';
import { describeAmendment } from './amendment-text.ts';
import type { Decisions } from './use-decisions.ts';
import type { MessageKey } from '../../shared/i18n/translate.ts';
import { useT } from '../i18n/language.tsx';
import { proposerCode } from './delegation-colours.ts';
import { useTranslationPending } from './use-language-versions.ts';

const STATUSES: { value: ParagraphStatus; label: MessageKey; title: MessageKey }[] = [
  { value: 'open', label: 'status.open', title: 'status.openTitle' },
  { value: 'agreed', label: 'status.agreed', title: 'status.agreedTitle' },
  { value: 'adref', label: 'status.adref', title: 'status.adrefTitle' },
];

interface ParagraphStatusControlProps {
  pid: string;
  status: string;
  decisions: Decisions;
  /** The amendments pending in this paragraph (shared/negotiation/decisions.ts pendingInParagraph). */
  pending: readonly Amendment[];
}

/**
 * The Chair's mark on a paragraph: open, agreed, or agreed ad referendum. The server refuses to
 * agree a paragraph with amendments pending in it (the agreed text would drop them unseen), so
 * asking to agree one shows them first, each to decide, or all at once with the agreement.
 */
export function ParagraphStatusControl({ pid, status, decisions, pending }: ParagraphStatusControlProps) {
  const t = useT();
  const [agreeing, setAgreeing] = useState<ParagraphStatus | null>(null);
  // Agreeing a paragraph whose language versions are out of step is allowed, after a warning.
  const [untranslated, setUntranslated] = useState<ParagraphStatus | null>(null);
  const translationPending = useTranslationPending();
  const proceed = (value: ParagraphStatus) => {
    if (value !== 'open' && pending.length > 0) setAgreeing(value);
    else void decisions.decide({ action: 'status', pid, status: value });
  };
  const choose = (value: ParagraphStatus) => {
    if (value !== 'open' && translationPending(pid)) setUntranslated(value);
    else proceed(value);
  };
  return (
    <>
      <span className="segmented segmented--small" role="group" aria-label={t('status.label')} data-testid="paragraph-status">
        {STATUSES.map((s) => (
          <button
            key={s.value}
            type="button"
            className="segmented__button"
            aria-pressed={status === s.value}
            title={t(s.title)}
            data-status={s.value}
            disabled={decisions.busy || status === s.value}
            onClick={() => choose(s.value)}
          >
            {t(s.label)}
          </button>
        ))}
      </span>
      {untranslated && (
        <span className="inline-confirm" role="group" aria-label={t('versions.agreeWarning')} data-testid="translation-warning">
          <span className="inline-confirm__question">{t('versions.agreeWarning')}</span>
          <button
            type="button"
            className="button button--small"
            data-testid="agree-untranslated"
            disabled={decisions.busy}
            onClick={() => {
              setUntranslated(null);
              proceed(untranslated);
            }}
          >
            {t('versions.agreeAnyway')}
          </button>
          <button type="button" className="button button--small button--quiet" onClick={() => setUntranslated(null)}>
            {t('common.cancel')}
          </button>
        </span>
      )}
      {agreeing && (
        <PendingBeforeAgreeing
          pid={pid}
          status={agreeing}
          pending={pending}
          decisions={decisions}
          onDone={() => setAgreeing(null)}
        />
      )}
    </>
  );
}

interface PendingBeforeAgreeingProps {
  pid: string;
  status: ParagraphStatus;
  pending: readonly Amendment[];
  decisions: Decisions;
  onDone: () => void;
}

/** The amendments standing in the way of agreeing a paragraph, with the ways to decide them. */
function PendingBeforeAgreeing({ pid, status, pending, decisions, onDone }: PendingBeforeAgreeingProps) {
  const t = useT();
  const mark: Decision = { action: 'status', pid, status };
  const what = status === 'adref' ? t('agree.whatAdref') : t('agree.what');
  // Decided together with the status, in one request: nothing can slip in between.
  const decideAll = async (action: 'accept' | 'reject') => {
    if (await decisions.decide([{ action, scope: { kind: 'paragraph', pid } }, mark])) onDone();
  };
  if (pending.length === 0) {
    return (
      <span className="inline-confirm" role="group" aria-label={t('agree.label')} data-testid="agree-after-deciding">
        <span className="inline-confirm__question">{t('agree.nonePending')}</span>
        <button type="button" className="button button--small" disabled={decisions.busy} onClick={async () => (await decisions.decide(mark)) && onDone()}>
          {status === 'adref' ? t('agree.agreeAdref') : t('agree.agree')}
        </button>
        <button type="button" className="button button--small button--quiet" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </span>
    );
  }
  return (
    <div className="inline-confirm" role="group" aria-label={t('agree.pendingLabel')} data-testid="pending-before-agreeing">
      <span className="inline-confirm__question">
        {t('agree.stillPending', { count: pending.length, what })}
      </span>
      <ul className="amendment-list" style={{ flexBasis: '100%' }}>
        {pending.map((a) => (
          <li key={a.id} className="amendment-item" data-testid="pending-amendment" data-amendment-id={a.id}>
            <span className="amendment-item__jump">
              <span className="code-chip code-chip--small">{proposerCode(a.delegation, t)}</span>
              <span className="amendment-item__text">{describeAmendment(a, t)}</span>
            </span>
            <span className="amendment-item__decide">
              <button type="button" className="icon-button icon-button--accept" aria-label={t('amendments.acceptOf', { delegation: a.delegation })} title={t('amendments.accept')} disabled={decisions.busy} onClick={() => void decisions.decide({ action: 'accept', scope: { kind: 'amendment', id: a.id } })}>
                ✓
              </button>
              <button type="button" className="icon-button icon-button--reject" aria-label={t('amendments.rejectOf', { delegation: a.delegation })} title={t('amendments.reject')} disabled={decisions.busy} onClick={() => void decisions.decide({ action: 'reject', scope: { kind: 'amendment', id: a.id } })}>
                ✕
              </button>
            </span>
          </li>
        ))}
      </ul>
      <button type="button" className="button button--small button--accept" data-testid="accept-pending-and-agree" disabled={decisions.busy} onClick={() => void decideAll('accept')}>
        {t('agree.acceptAnd', { count: pending.length, what })}
      </button>
      <button type="button" className="button button--small button--reject" data-testid="reject-pending-and-agree" disabled={decisions.busy} onClick={() => void decideAll('reject')}>
        {t('agree.rejectAnd', { count: pending.length, what })}
      </button>
      <button type="button" className="button button--small button--quiet" onClick={onDone}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

/** The paragraph's state where it is read: nothing for open ones. */
export function StatusTag({ status }: { status: string }) {
  const t = useT();
  if (status === 'agreed') return <span className="status-tag status-tag--agreed">{t('status.agreed')}</span>;
  if (status === 'adref') return <span className="status-tag status-tag--adref">{t('status.adref')}</span>;
  return null;
}
