import { useEffect } from 'react';
import type { Notice } from '../../shared/protocol.ts';
import type { DocumentConnection } from './document-connection.ts';

/**
 * Calls `reread` whenever the server says `notice` changed in this document's room, and after
 * each reconnection (notices sent while the link was down are lost).
 */
export function useNotice(connection: DocumentConnection | null, notice: Notice, reread: () => void): void {
  useEffect(() => {
    if (!connection) return;
    const stopNotices = connection.onNotice((said) => {
      if (said === notice) reread();
    });
    let wasConnected = connection.state.link === 'connected';
    const stopState = connection.subscribe((state) => {
      const connected = state.link === 'connected';
      if (connected && !wasConnected) reread();
      wasConnected = connected;
    });
    return () => {
      stopNotices();
      stopState();
    };
  }, [connection, notice, reread]);
}
