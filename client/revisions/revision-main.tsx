import type { Participant } from '../../shared/participants.ts';
import { ComparisonView } from './comparison-view.tsx';
import { RevisionView } from './revision-view.tsx';
import type { Revisions } from './use-revisions.ts';
import './revisions.css';
import { useT } from '../i18n/language.tsx';

interface RevisionMainProps {
  documentId: string;
  revisions: Revisions;
  participant: Participant;
  roster: Map<string, Participant>;
  label: string;
  /** Says what a restore did, where edit notices appear. */
  onNotice: (text: string) => void;
}

/** The main column when it shows a revision or a comparison instead of the live text. */
export function RevisionMain({ documentId, revisions, participant, roster, label, onNotice }: RevisionMainProps) {
  const { focus, show } = revisions;
  const t = useT();
  const back = () => show({ kind: 'live' });
  if (focus.kind === 'revision') {
    return (
      <RevisionView
        key={focus.revision.id}
        documentId={documentId}
        revision={focus.revision}
        roster={roster}
        isChair={participant.role === 'chair'}
        label={label}
        onBack={back}
        onRestored={(revision) => {
          back();
          onNotice(t('editor.restoredNotice', { name: revision.name }));
        }}
      />
    );
  }
  if (focus.kind === 'compare') {
    return <ComparisonView key={`${focus.from}:${focus.to}`} documentId={documentId} revisions={revisions.list ?? []} from={focus.from} to={focus.to} onBack={back} />;
  }
  return null;
}
