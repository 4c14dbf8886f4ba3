import { useCallback, useRef } from 'react';

/**
 * Wraps a read that may be started again before it answers (a notice, a reconnection, a click):
 * only the answer to the latest start is kept, so an older, slower answer never overwrites a
 * newer one.
 */
export function useLatestRead<T>(read: () => Promise<T>, onAnswer: (value: T) => void, onError: (error: unknown) => void): () => void {
  const latest = useRef(0);
  return useCallback(() => {
    const asked = ++latest.current;
    read().then(
      (value) => {
        if (asked === latest.current) onAnswer(value);
      },
      (error: unknown) => {
        if (asked === latest.current) onError(error);
      },
    );
  }, [read, onAnswer, onError]);
}
