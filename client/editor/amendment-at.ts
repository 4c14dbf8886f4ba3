import type { Amendment } from '../../shared/negotiation/amendments.ts';

/**
 * The amendments a position or selection is in: all of them, so hovering struck words shows
 * every alternative proposed for them, and an inner bracket shows its outer one too.
 */
export function amendmentsAt(amendments: readonly Amendment[], from: number, to: number): Amendment[] {
  return amendments.filter((a) =>
    a.ranges.some((r) => (from === to ? r.from < from && from < r.to : r.from < to && from < r.to)),
  );
}

/** Widgets (brackets, codes) carry the id of their amendment: pointing at `]MEX` means MEX's. */
export function amendmentIdOf(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  const el = target.closest<HTMLElement>('[data-amendment-id]');
  return el?.dataset.amendmentId ?? null;
}
