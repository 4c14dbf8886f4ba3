import { EditorContent } from '@tiptap/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { proposerLabel } from '../../shared/negotiation/amendment-marks.ts';
import { listAmendments, type Amendment } from '../../shared/negotiation/amendments.ts';
import { agreedView, cleanView } from '../../shared/negotiation/decisions.ts';
import { managesWorkspace, mayEditDocument, type Participant } from '../../shared/participants.ts';
import type { PresenceUser } from '../../shared/protocol.ts';
import { RevisionMain } from '../revisions/revision-main.tsx';
import { RevisionsPanel } from '../revisions/revisions-panel.tsx';
import type { Revisions } from '../revisions/use-revisions.ts';
import type { DocumentConnection } from '../sync/document-connection.ts';
import { AmendmentPopover } from './amendment-popover.tsx';
import { paragraphRefs } from './amendment-text.ts';
import { AmendmentsPanel } from './amendments-panel.tsx';
import { AuditLog } from './audit-log.tsx';
import { proposerCode, proposerColour } from './delegation-colours.ts';
import { ModeToggle } from './mode-toggle.tsx';
import { useNegotiationParts, usePartsWriter } from './negotiation-parts.ts';
import { caretOnScreen, Notice, useNotice } from './notice.tsx';
import { PresenceList } from './presence-list.tsx';
import type { PresentParticipant } from './presence.ts';
import { ReadOnlyText } from './read-only-text.tsx';
import type { EditingMode } from './suggest-mode.ts';
import { useDecisions } from './use-decisions.ts';
import { useEditorDoc, useEditorSelection } from './use-editor-doc.ts';
import { useNegotiationEditor } from './use-negotiation-editor.ts';
import { useRoster } from './use-roster.ts';
import { ViewSwitch, type TextView } from './view-switch.tsx';
import './amendments.css';
import './panels.css';
import './popover-and-log.css';
import { localiseMessage } from '../../shared/i18n/localise-message.ts';
import { currentLanguage, useLanguage } from '../i18n/language.tsx';
import { LanguageVersionsPanel } from './language-versions-panel.tsx';
import { pendingAnywhere, TranslationPending, useLanguageVersions } from './use-language-versions.ts';
import { SideBySide } from './side-by-side.tsx';
import { redrawInLanguage } from './amendment-decorations.ts';
import { showVersionProposals } from './version-proposals.ts';
import { TextLanguage } from './text-language.ts';

interface NegotiationWorkspaceProps {
  documentId: string;
  /** Read once, at mount: the page keys this component on the connection's generation. */
  connection: DocumentConnection;
  participant: Participant;
  user: PresenceUser;
  editable: boolean;
  loaded: boolean;
  closed: boolean;
  label: string;
  present: PresentParticipant[];
  /** The page's revisions, and whether the main column shows one instead of the live text. */
  revisions: Revisions;
}

/** The text with its amendments, the views of it, and the panels beside it. */
export function NegotiationWorkspace({ documentId, connection, participant, user, editable, loaded, closed, label, present, revisions }: NegotiationWorkspaceProps) {
  const { language, t } = useLanguage();
  const self = proposerLabel(participant);
  const isOfficer = managesWorkspace(participant.role);
  const mayWrite = mayEditDocument(participant.role);
  // Officers start as before (editing directly); delegations can do nothing but suggest.
  const [mode, setMode] = useState<EditingMode>(isOfficer ? 'direct' : 'suggesting');
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const [view, setView] = useState<TextView>('compilation');
  const { notice, show } = useNotice();
  // An edit refused while typing is told beside the caret, where the participant is looking.
  // Its reason is worded where it was found (the rules are English); it is shown in the participant's language.
  const refuseAtCaret = useCallback((reason: string) => show(localiseMessage(currentLanguage(), reason), { atCaret: true }), [show]);

  const versions = useLanguageVersions(documentId, connection);
  // The text says which language it is in (spell-checking, hyphenation, screen readers): a
  // Spanish version is Spanish whatever the participant reads the interface in.
  const textLanguage = versions.versions?.documentId === documentId ? versions.versions.language : null;
  const editor = useNegotiationEditor({
    textLanguage,
    connection,
    user,
    editable,
    label,
    suggest: { label: self, author: participant.id, mode: () => modeRef.current, onRefused: refuseAtCaret },
  });
  const doc = useEditorDoc(editor);
  const selection = useEditorSelection(editor);
  const amendments = useMemo(() => listAmendments(doc), [doc]);
  const refs = useMemo(() => paragraphRefs(doc, t, language), [doc, t, language]);
  const parts = useNegotiationParts(connection.doc);
  const writer = usePartsWriter(connection.doc, self, participant.id);
  const roster = useRoster();
  const decisions = useDecisions(documentId);
  const translationPending = useMemo(() => pendingAnywhere(versions.versions), [versions.versions]);
  // Another version read beside this one, in place of the text while it is open.
  const [beside, setBeside] = useState<string | null>(null);
  const projected = useMemo(() => (view === 'clean' ? cleanView(doc) : view === 'agreed' ? agreedView(doc) : null), [view, doc]);

  const cursorPid = useMemo(() => {
    const $pos = doc.resolve(Math.min(selection.from, doc.content.size));
    return $pos.depth >= 1 ? (($pos.node(1).attrs.pid as string | null | undefined) ?? null) : null;
  }, [doc, selection.from]);

  const caret = useCallback(() => caretOnScreen(editor), [editor]);

  // The brackets' titles, 'delete' and 'nuevo 1' are drawn in the text itself: drawn again when the language changes.
  useEffect(() => {
    if (!editor.isDestroyed) redrawInLanguage(editor.view);
  }, [editor, language]);

  // What the other language versions propose, under the aligned paragraphs of this one.
  const otherProposals = versions.versions?.documentId === documentId ? versions.versions.proposals : null;
  useEffect(() => {
    if (!editor.isDestroyed) showVersionProposals(editor.view, otherProposals ?? [], t);
  }, [editor, otherProposals, t]);

  const jump = useCallback(
    (amendment: Amendment) => {
      revisions.show({ kind: 'live' });
      setView('compilation');
      const first = amendment.ranges[0];
      const last = amendment.ranges.at(-1);
      // After the switch has shown the editor again: a hidden editor cannot scroll.
      requestAnimationFrame(() => {
        if (editor.isDestroyed) return;
        const chain = editor.chain().focus();
        if (first && last) chain.setTextSelection({ from: first.from, to: last.to });
        chain.scrollIntoView().run();
        editor.view.dom.querySelector(`[data-amendment-id="${CSS.escape(amendment.id)}"]`)?.scrollIntoView({ block: 'center' });
      });
    },
    [editor, revisions.show],
  );

  return (
    <TranslationPending.Provider value={translationPending}>
    <TextLanguage.Provider value={textLanguage ?? undefined}>
    <div className="editor-layout">
      {beside && versions.versions && <SideBySide documentId={documentId} otherId={beside} versions={versions.versions} onClose={() => setBeside(null)} />}
      {!beside && revisions.focus.kind !== 'live' && (
        <RevisionMain documentId={documentId} revisions={revisions} participant={participant} roster={roster} label={label} onNotice={show} />
      )}
      {/* Hidden, not unmounted, while a revision is read: the live editor keeps its state and undo. */}
      <div className="editor-main" hidden={beside !== null || revisions.focus.kind !== 'live'}>
        <div className="editor-toolbar">
          <ViewSwitch view={view} onChange={setView} />
          <span className="editor-toolbar__end">
            {isOfficer && mayWrite && <ModeToggle mode={mode} label={proposerCode(self, t)} onChange={setMode} />}
            {!isOfficer && mayWrite && (
              <span className="suggesting-as" data-testid="suggesting-as" style={{ ['--delegation-colour' as string]: proposerColour(self) }}>
                {t('editor.suggestingAs')} <strong>{proposerCode(self, t)}</strong>
              </span>
            )}
          </span>
        </div>
        <Notice notice={notice} caret={caret} />
        <article className={`sheet${mode === 'suggesting' && mayWrite ? ' sheet--suggesting' : ''}`} aria-busy={!loaded}>
          {!mayWrite && (
            <p className="read-only-note" data-testid="read-only">
              {t('editor.readOnly')}
            </p>
          )}
          {view !== 'compilation' && (
            <p className="view-note" data-testid="view-note">
              {view === 'clean' ? t('editor.cleanNote') : t('editor.agreedNote')}
            </p>
          )}
          {!loaded && !closed && <p className="sheet__loading muted">{t('editor.loadingText')}</p>}
          <div hidden={view !== 'compilation'}>
            <EditorContent editor={editor} className="editor-frame" />
          </div>
          {projected && <ReadOnlyText doc={projected} view={view} textLanguage={textLanguage ?? undefined} label={t(view === 'clean' ? 'editor.cleanLabel' : 'editor.agreedLabel', { document: label })} />}
        </article>
        {view === 'compilation' && (
          <AmendmentPopover editor={editor} amendments={amendments} participant={participant} parts={parts} roster={roster} writer={writer} decisions={decisions} mayWrite={mayWrite && editable} />
        )}
      </div>
      <aside className="editor-side">
        <AmendmentsPanel amendments={amendments} refs={refs} parts={parts} participant={participant} decisions={decisions} cursorPid={cursorPid} onJump={jump} />
        <RevisionsPanel revisions={revisions} mayCreate={isOfficer} roster={roster} />
        <PresenceList present={present} selfId={participant.id} />
        <LanguageVersionsPanel documentId={documentId} state={versions} refs={refs} mayManage={isOfficer} onSideBySide={setBeside} />
        {isOfficer && <AuditLog documentId={documentId} connection={connection} refs={refs} roster={roster} mayUndo={participant.role === 'chair'} />}
      </aside>
    </div>
    </TextLanguage.Provider>
    </TranslationPending.Provider>
  );
}
