import { useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { placeNotice, type ScreenBox } from './notice-placement.ts';
import { useT } from '../i18n/language.tsx';

/** Where the browser's selection (the caret the participant was typing at) stands on screen, if anywhere. */
function selectionOnScreen(): ScreenBox | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || !document.querySelector('[data-testid="editor"]')?.contains(selection.anchorNode)) return null;
  const box = selection.getRangeAt(0).getBoundingClientRect();
  if (box.top === 0 && box.bottom === 0 && box.left === 0) return null;
  return { left: box.left, top: box.top, bottom: box.bottom };
}

/**
 * Where the participant last typed or clicked in the text, on screen. Kept as it goes, because by
 * the time a refusal is shown the text has been loaded anew and its caret is elsewhere.
 */
export function useTypingSpot(): RefObject<ScreenBox | null> {
  const spot = useRef<ScreenBox | null>(null);
  useEffect(() => {
    const note = () => {
      const box = selectionOnScreen();
      if (box) spot.current = box;
    };
    document.addEventListener('keyup', note);
    document.addEventListener('mouseup', note);
    return () => {
      document.removeEventListener('keyup', note);
      document.removeEventListener('mouseup', note);
    };
  }, []);
  return spot;
}

/**
 * The server refused a change this participant sent: the text is loaded anew, and the reason
 * is told where the participant was typing when it came (the top of the page may be screens
 * away), and stays until dismissed — the words of that change are gone, which must not pass
 * unnoticed. Placed like the editor's own notices (`notice-placement.ts`).
 */
export function ServerRefusal({ reason, spot, onDismiss }: { reason: string; spot: RefObject<ScreenBox | null>; onDismiss: () => void }) {
  const t = useT();
  const element = useRef<HTMLDivElement>(null);
  // Where the participant was typing when this refusal came.
  const caret = useMemo(() => spot.current, [reason, spot]);

  useLayoutEffect(() => {
    const place = () => {
      const el = element.current;
      if (!el) return;
      const { left, top } = placeNotice(caret, { width: el.offsetWidth, height: el.offsetHeight }, { width: window.innerWidth, height: window.innerHeight });
      el.style.left = `${left}px`;
      el.style.top = `${top}px`;
      el.dataset.placement = caret ? 'caret' : 'corner';
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [caret]);

  return (
    <div ref={element} className="alert alert--warning alert--dismissible server-refusal" role="alert" data-testid="refusal">
      <span>
        <strong>{t('refusal.title')}</strong> {reason}
      </span>
      <button type="button" className="alert__close" aria-label={t('common.dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
