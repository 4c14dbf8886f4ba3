import { useCallback, useEffect, useState } from 'react';
import type { Participant } from '../../shared/participants.ts';
import { api, errorMessage, type AuditRecord } from '../api.ts';
import type { DocumentConnection } from '../sync/document-connection.ts';
import { useLatestRead } from '../sync/use-latest-read.ts';
import { useNotice } from '../sync/use-notice.ts';
import { describeAmendment, formatTime, type ParagraphRef } from './amendment-text.ts';
import { proposerCode, proposerColour } from './delegation-colours.ts';
import { PanelToggle } from '../components/panel-toggle.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import type { MessageKey, Translate } from '../../shared/i18n/translate.ts';
import { useLanguage } from '../i18n/language.tsx';

interface AuditLogProps {
  documentId: string;
  /** The document's live connection: the server's `audit` notices make the log read itself again. */
  connection: DocumentConnection;
  refs: Map<string, ParagraphRef>;
  roster: Map<string, Participant>;
  /** The Chair may undo a decision from its entry. */
  mayUndo: boolean;
}

const STATUS_NAMES: Record<string, MessageKey> = { open: 'audit.status.open', agreed: 'audit.status.agreed', adref: 'audit.status.adref' };
const ACTION_NAMES: Record<AuditRecord['action'], MessageKey> = {
  status: 'audit.action.status',
  restored: 'audit.action.restored',
  accepted: 'audit.action.accepted',
  rejected: 'audit.action.rejected',
  undone: 'audit.action.undone',
};

/** "Undo this decision (44 amendments)?": an undo says what it takes back before it does. */
function undoQuestion(records: readonly AuditRecord[], decision: number, t: Translate): string {
  const rows = records.filter((r) => r.decision === decision);
  const amendments = rows.filter((r) => r.amendmentId).length;
  return amendments > 1 ? t('audit.undoQuestionMany', { decision, count: amendments }) : t('audit.undoQuestion', { decision });
}

function shapeOf(r: AuditRecord, t: Translate) {
  const shape = r.inserted && r.deleted ? 'replacement' : r.deleted ? 'deletion' : 'insertion';
  return describeAmendment({ shape, inserted: r.inserted, deleted: r.deleted }, t);
}

function what(r: AuditRecord, refs: Map<string, ParagraphRef>, t: Translate): string {
  const where = r.pid ? (refs.get(r.pid)?.label ?? t('audit.removedParagraph')) : '';
  const at = where ? t('audit.where', { where }) : '';
  const status = STATUS_NAMES[r.status ?? ''] ? t(STATUS_NAMES[r.status ?? '']!) : (r.status ?? '');
  const decision = String(r.undoes ?? '');
  switch (r.action) {
    case 'status':
      return t('audit.marked', { where, status });
    case 'restored':
      // The head row names the revision; the others, the amendments the restore set aside or brought back.
      if (r.amendmentId) return `${t(r.detail === 'brought back' ? 'audit.broughtBack' : 'audit.setAside', { what: shapeOf(r, t) })}${at}`;
      return t('audit.restoredRevision', { what: r.detail ?? t('attribution.aRevision') });
    case 'undone':
      if (r.amendmentId) return `${t('audit.undidPending', { decision, what: shapeOf(r, t) })}${at}`;
      if (r.pid) return t('audit.undidStatus', { decision, where, status });
      return t('audit.undid', { decision });
    default:
      return `${shapeOf(r, t)}${at}`;
  }
}

/** Who decided what, when: the record the Chair and the Secretariat answer for. */
export function AuditLog({ documentId, connection, refs, roster, mayUndo }: AuditLogProps) {
  const { language, t } = useLanguage();
  const [open, setOpen] = useState(true);
  const [records, setRecords] = useState<AuditRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const readLog = useCallback(() => api.audit(documentId), [documentId]);
  const takeLog = useCallback((list: AuditRecord[]) => {
    setRecords(list);
    setError(null);
  }, []);
  const showError = useCallback((e: unknown) => setError(errorMessage(e)), []);
  const load = useLatestRead(readLog, takeLog, showError);


  useEffect(load, [load]);
  useNotice(connection, 'audit', load);
  const [undoing, setUndoing] = useState(false);
  // The server's `audit` notice brings the undo into the log; an answer it refused is shown here.
  const undo = (decision: number) => {
    setUndoing(true);
    setError(null);
    api.undoDecision(documentId, decision).then(load, showError).finally(() => setUndoing(false));
  };

  const latestFirst = records ? [...records].reverse() : [];
  return (
    <section className="side-panel audit-log" data-testid="audit-log" aria-labelledby="audit-heading">
      <h2 id="audit-heading" className="side-panel__title">
        <PanelToggle open={open} onToggle={() => setOpen(!open)}>
          {t('audit.title')}
        </PanelToggle>
        <button type="button" className="link-button" data-testid="refresh-audit" onClick={load}>
          {t('audit.refresh')}
        </button>
      </h2>
      {open && (
        <>
          {error && <p className="panel-error">{error}</p>}
          {records && records.length === 0 && <p className="muted panel-empty">{t('audit.none')}</p>}
          <ol className="audit-entries">
            {latestFirst.map((r) => (
              <li key={r.id} className={`audit-entry audit-entry--${r.action}`} data-testid="audit-entry" data-action={r.action} data-delegation={r.delegation ?? ''} data-amendment-id={r.amendmentId ?? ''} data-decision={r.decision}>
                <span className="audit-entry__head">
                  <span className="audit-entry__action">{ACTION_NAMES[r.action] ? t(ACTION_NAMES[r.action]) : r.action}</span>
                  <span className="audit-entry__number muted" title={t('audit.decisionNumber')}>#{r.decision}</span>
                  {r.delegation && (
                    <span className="code-chip code-chip--small" style={{ ['--delegation-colour' as string]: proposerColour(r.delegation) }}>
                      {proposerCode(r.delegation, t)}
                    </span>
                  )}
                  <time className="audit-entry__time" dateTime={r.at}>
                    {formatTime(r.at, language)}
                  </time>
                </span>
                <span className="audit-entry__what">{what(r, refs, t)}</span>
                {r.because && <span className="audit-entry__because">{t('audit.alternativeTo', { delegation: r.because.split(':')[0] ?? '' })}</span>}
                <span className="audit-entry__who muted">{t('audit.by', { name: roster.get(r.participantId)?.name ?? r.role })}</span>
                {r.undoneBy !== null && r.id === r.decision && <span className="audit-entry__undone muted" data-testid="audit-undone">{t('audit.undoneBy', { decision: r.undoneBy })}</span>}
                {mayUndo && r.undoable && r.id === r.decision && (
                  <ConfirmButton look="link" testId="undo-decision" disabled={undoing} question={undoQuestion(records ?? [], r.decision, t)} onConfirm={() => undo(r.decision)}>
                    {t('audit.undo')}
                  </ConfirmButton>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
