import type { Editor } from '@tiptap/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Amendment } from '../../shared/negotiation/amendments.ts';
import { amendmentIdOf, amendmentsAt } from './amendment-at.ts';

export interface Anchor {
  left: number;
  top: number;
  bottom: number;
}

export interface HoverTarget {
  ids: string[];
  anchor: Anchor;
}

/** How long the popover stays after the pointer leaves, so it can be reached to click in it. */
const LINGER_MS = 350;

/**
 * The amendment under the pointer. The popover holds open while the pointer is over it
 * (`hold`/`release`), so its buttons can be used.
 */
export function useAmendmentHover(editor: Editor, amendments: readonly Amendment[]) {
  const [target, setTarget] = useState<HoverTarget | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(amendments);
  latest.current = amendments;

  const hold = useCallback(() => window.clearTimeout(timer.current), []);
  const release = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setTarget(null), LINGER_MS);
  }, []);

  useEffect(() => {
    if (editor.isDestroyed) return;
    const dom = editor.view.dom;
    const onMove = (event: MouseEvent) => {
      const list = latest.current;
      let ids: string[] = [];
      const widgetId = amendmentIdOf(event.target);
      if (widgetId) ids = [widgetId];
      else {
        const at = editor.view.posAtCoords({ left: event.clientX, top: event.clientY });
        if (at) ids = amendmentsAt(list, at.pos, at.pos).map((a) => a.id);
        // posAtCoords rounds to the nearest gap between characters: check the character itself.
        if (at && ids.length === 0) ids = amendmentsAt(list, at.pos, at.pos + 1).map((a) => a.id);
      }
      if (ids.length === 0 || !(event.target instanceof Element) || !event.target.closest('ins, del, .bracket, .amendment-words')) {
        release();
        return;
      }
      hold();
      const rect = (event.target.closest('ins, del, .bracket, .amendment-words') ?? event.target).getBoundingClientRect();
      setTarget((last) =>
        last && last.ids.join() === ids.join() ? last : { ids, anchor: { left: event.clientX, top: rect.top, bottom: rect.bottom } },
      );
    };
    const onLeave = () => release();
    dom.addEventListener('mousemove', onMove);
    dom.addEventListener('mouseleave', onLeave);
    window.addEventListener('scroll', onLeave, { passive: true });
    return () => {
      dom.removeEventListener('mousemove', onMove);
      dom.removeEventListener('mouseleave', onLeave);
      window.removeEventListener('scroll', onLeave);
      window.clearTimeout(timer.current);
    };
  }, [editor, hold, release]);

  return { target, hold, release, clear: useCallback(() => setTarget(null), []) };
}
