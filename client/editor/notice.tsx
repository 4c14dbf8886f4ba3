import { useCallback, useEffect, useRef, useState } from 'react';

const SHOWN_MS = 4000;

/**
 * A brief, non-blocking word about an edit that could not be made: the participant keeps
 * typing, and the reason fades after a few seconds.
 */
export function useNotice(): { notice: { text: string; seq: number } | null; show: (text: string) => void } {
  const [notice, setNotice] = useState<{ text: string; seq: number } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);
  const show = useCallback((text: string) => {
    window.clearTimeout(timer.current);
    setNotice({ text, seq: ++seq.current });
    timer.current = window.setTimeout(() => setNotice(null), SHOWN_MS);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return { notice, show };
}

export function Notice({ notice }: { notice: { text: string; seq: number } | null }) {
  return (
    <div className="edit-notice-area" aria-live="polite">
      {notice && (
        <p key={notice.seq} className="edit-notice" data-testid="suggest-notice">
          {notice.text}
        </p>
      )}
    </div>
  );
}
