import type { Editor } from '@tiptap/react';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Amendment } from '../../shared/negotiation/amendments.ts';
import type { Participant } from '../../shared/participants.ts';
import { AmendmentCard } from './amendment-card.tsx';
import { amendmentsAt } from './amendment-at.ts';
import type { NegotiationParts, PartsWriter } from './negotiation-parts.ts';
import { useAmendmentHover, type Anchor } from './use-amendment-hover.ts';
import type { Decisions } from './use-decisions.ts';
import { useEditorSelection } from './use-editor-doc.ts';
import { useT } from '../i18n/language.tsx';

interface AmendmentPopoverProps {
  editor: Editor;
  amendments: Amendment[];
  participant: Participant;
  parts: NegotiationParts;
  roster: Map<string, Participant>;
  writer: PartsWriter;
  decisions: Decisions;
  mayWrite: boolean;
}

const WIDTH = 340;

/**
 * Details of the amendment under the pointer or, failing that, the one the caret is in:
 * who proposes it, when, who joins it and why, with the actions the participant may take.
 */
export function AmendmentPopover({ editor, amendments, participant, parts, roster, writer, decisions, mayWrite }: AmendmentPopoverProps) {
  const t = useT();
  const hover = useAmendmentHover(editor, amendments);
  const selection = useEditorSelection(editor);
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const [placement, setPlacement] = useState<{ left: number; top: number } | null>(null);

  const selected = useMemo(() => {
    if (!selection.focused) return [];
    return amendmentsAt(amendments, selection.from, selection.to);
  }, [amendments, selection]);
  const selectionKey = `${selection.from}:${selection.to}`;

  // While something inside has focus (the rationale being written), the popover stays as it is.
  const [pinned, setPinned] = useState<{ ids: string[]; anchor: Anchor } | null>(null);

  const shown: { list: Amendment[]; anchor: Anchor | null } = pinned
    ? { list: amendments.filter((a) => pinned.ids.includes(a.id)), anchor: pinned.anchor }
    : hover.target
      ? { list: amendments.filter((a) => hover.target!.ids.includes(a.id)), anchor: hover.target.anchor }
      : { list: dismissedAt === selectionKey ? [] : selected, anchor: null };

  const anchor = shown.anchor ?? caretAnchor(editor, selection.from, shown.list.length > 0);

  useLayoutEffect(() => {
    if (!anchor || !box.current) {
      setPlacement(null);
      return;
    }
    const height = box.current.offsetHeight;
    const below = anchor.bottom + 8;
    const top = below + height > window.innerHeight - 8 && anchor.top - height - 8 > 8 ? anchor.top - height - 8 : below;
    const left = Math.max(8, Math.min(anchor.left - 24, window.innerWidth - WIDTH - 8));
    setPlacement((last) => (last && last.left === left && last.top === top ? last : { left, top }));
  }, [anchor?.left, anchor?.top, anchor?.bottom, shown.list.length]);

  if (shown.list.length === 0 || !anchor) return null;
  return (
    <div
      ref={box}
      className="amendment-popover"
      data-testid="amendment-popover"
      role="dialog"
      aria-label={t('popover.label')}
      style={{ left: placement?.left ?? -9999, top: placement?.top ?? -9999, width: WIDTH }}
      onFocus={() => {
        if (!pinned && anchor) setPinned({ ids: shown.list.map((a) => a.id), anchor });
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setPinned(null);
      }}
      onMouseEnter={hover.hold}
      onMouseLeave={hover.release}
      onMouseDown={(e) => {
        // Keeps the caret (and so this popover) in place while a button is pressed.
        if (!(e.target instanceof HTMLTextAreaElement)) e.preventDefault();
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        hover.clear();
        setPinned(null);
        setDismissedAt(selectionKey);
        editor.commands.focus();
      }}
    >
      {shown.list.map((a) => (
        <AmendmentCard
          key={a.id}
          amendment={a}
          participant={participant}
          supporters={parts.supporters.get(a.id) ?? []}
          rationale={parts.rationales.get(a.id)}
          roster={roster}
          writer={writer}
          decisions={decisions}
          mayWrite={mayWrite}
        />
      ))}
    </div>
  );
}

function caretAnchor(editor: Editor, pos: number, wanted: boolean): Anchor | null {
  if (!wanted || editor.isDestroyed) return null;
  try {
    const coords = editor.view.coordsAtPos(pos);
    return { left: coords.left, top: coords.top, bottom: coords.bottom };
  } catch {
    return null;
  }
}
