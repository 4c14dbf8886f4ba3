import type { Editor } from '@tiptap/react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { placeNotice, type ScreenBox } from './notice-placement.ts';

const SHOWN_MS = 4000;

export interface NoticeMessage {
  text: string;
  seq: number;
  /** Shown beside the caret (an edit refused where the participant is typing), not at the top. */
  atCaret: boolean;
}

/**
 * A brief, non-blocking word about an edit that could not be made: the participant keeps
 * typing, and the reason fades after a few seconds.
 */
export function useNotice(): { notice: NoticeMessage | null; show: (text: string, options?: { atCaret?: boolean }) => void } {
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);
  const show = useCallback((text: string, options: { atCaret?: boolean } = {}) => {
    window.clearTimeout(timer.current);
    setNotice({ text, seq: ++seq.current, atCaret: options.atCaret ?? false });
    timer.current = window.setTimeout(() => setNotice(null), SHOWN_MS);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return { notice, show };
}

/** The caret of the editor on screen, or null while the editor is not shown. */
export function caretOnScreen(editor: Editor): ScreenBox | null {
  if (editor.isDestroyed || editor.view.dom.getClientRects().length === 0) return null;
  try {
    return editor.view.coordsAtPos(editor.state.selection.head);
  } catch {
    // A position the view has not drawn yet (the text is being reloaded): no caret to stand by.
    return null;
  }
}

/**
 * The notice, floating in the window. One about an edit refused at the caret stands just under
 * the line being typed (the top of the page may be screens away) and follows it while the page
 * scrolls; any other sits in the top right corner. The live region stays in place, so screen
 * readers announce each notice.
 */
export function Notice({ notice, caret }: { notice: NoticeMessage | null; caret: () => ScreenBox | null }) {
  const element = useRef<HTMLParagraphElement>(null);

  // Before paint, so the notice never shows somewhere else first and then jumps.
  useLayoutEffect(() => {
    if (!notice) return;
    const place = () => {
      const el = element.current;
      if (!el) return;
      const box = notice.atCaret ? caret() : null;
      const { left, top } = placeNotice(box, { width: el.offsetWidth, height: el.offsetHeight }, { width: window.innerWidth, height: window.innerHeight });
      el.style.left = `${left}px`;
      el.style.top = `${top}px`;
      el.dataset.placement = box ? 'caret' : 'corner';
    };
    place();
    window.addEventListener('scroll', place, { capture: true, passive: true });
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place, { capture: true });
      window.removeEventListener('resize', place);
    };
  }, [notice, caret]);

  return (
    <div className="edit-notice-area" role="status" aria-live="polite">
      {notice && (
        <p key={notice.seq} ref={element} className="edit-notice" data-testid="suggest-notice">
          {notice.text}
        </p>
      )}
    </div>
  );
}
