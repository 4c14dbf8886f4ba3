import type { ParagraphStatus } from '../../shared/schema.ts';
import type { Decisions } from './use-decisions.ts';

const STATUSES: { value: ParagraphStatus; label: string; title: string }[] = [
  { value: 'open', label: 'Open', title: 'Open for amendments' },
  { value: 'agreed', label: 'Agreed', title: 'Agreed: takes no new amendments until reopened' },
  { value: 'adref', label: 'Ad ref.', title: 'Agreed ad referendum, pending confirmation from capitals' },
];

/** The Chair's mark on a paragraph: open, agreed, or agreed ad referendum. */
export function ParagraphStatusControl({ pid, status, decisions }: { pid: string; status: string; decisions: Decisions }) {
  return (
    <span className="segmented segmented--small" role="group" aria-label="Paragraph status" data-testid="paragraph-status">
      {STATUSES.map((s) => (
        <button
          key={s.value}
          type="button"
          className="segmented__button"
          aria-pressed={status === s.value}
          title={s.title}
          data-status={s.value}
          disabled={decisions.busy || status === s.value}
          onClick={() => void decisions.decide({ action: 'status', pid, status: s.value })}
        >
          {s.label}
        </button>
      ))}
    </span>
  );
}

/** The paragraph's state where it is read: nothing for open ones. */
export function StatusTag({ status }: { status: string }) {
  if (status === 'agreed') return <span className="status-tag status-tag--agreed">Agreed</span>;
  if (status === 'adref') return <span className="status-tag status-tag--adref">Ad ref.</span>;
  return null;
}
