import { useCallback, useEffect, useState } from 'react';

const STORAGE_KEY = 'accord.projector';

/**
 * Projector mode scales the whole interface (the root font size) so the text reads from the
 * back of a meeting room; it is remembered per browser because the room's machine keeps it on.
 */
export function useProjectorMode(): [boolean, () => void] {
  const [on, setOn] = useState(() => readStored());

  useEffect(() => {
    document.documentElement.dataset.projector = on ? 'on' : 'off';
    try {
      localStorage.setItem(STORAGE_KEY, on ? '1' : '0');
    } catch {
      // Storage may be disabled (private windows, kiosk policies): the mode still works for this visit.
    }
  }, [on]);

  const toggle = useCallback(() => setOn((value) => !value), []);
  return [on, toggle];
}

function readStored(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}
