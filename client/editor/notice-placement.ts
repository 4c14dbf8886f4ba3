/** A box on screen, in viewport pixels (what `coordsAtPos` and `getBoundingClientRect` give). */
export interface ScreenBox {
  left: number;
  top: number;
  bottom: number;
}

export interface NoticeSize {
  width: number;
  height: number;
}

export interface Viewport {
  width: number;
  height: number;
}

/** Air between the caret's line and the notice, and between the notice and the window's edge. */
const GAP = 8;
const MARGIN = 8;
/** The notice starts a little left of the caret, so its first words sit under what was typed. */
const LEAD = 12;
/** With no caret to stand by (the text is not shown): the top right corner, under the page's header. */
const CORNER_TOP = 72;

/**
 * Where a notice about the edit just refused goes: under the line the caret is on, where the
 * participant is looking, or above it when there is no room below; never over that line (the
 * words being typed), and always inside the window, even when the caret has been scrolled away.
 */
export function placeNotice(caret: ScreenBox | null, size: NoticeSize, viewport: Viewport): { left: number; top: number } {
  const maxLeft = Math.max(MARGIN, viewport.width - size.width - MARGIN);
  const maxTop = Math.max(MARGIN, viewport.height - size.height - MARGIN);
  if (!caret) return { left: maxLeft - MARGIN, top: Math.min(CORNER_TOP, maxTop) };
  const left = clamp(caret.left - LEAD, MARGIN, maxLeft);
  const below = caret.bottom + GAP;
  const above = caret.top - GAP - size.height;
  const top = below <= maxTop ? below : above >= MARGIN ? above : below;
  return { left, top: clamp(top, MARGIN, maxTop) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
