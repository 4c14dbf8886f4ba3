import { useEffect, useState } from 'react';
import { DocumentConnection, type ConnectionSnapshot } from '../sync/document-connection.ts';

export interface LiveDocument {
  connection: DocumentConnection;
  snapshot: ConnectionSnapshot;
}

function syncUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/**
 * The live connection to one document. It is created and destroyed in a single effect:
 * StrictMode mounts twice, and two providers on one document would fight over it. Null
 * connects to nothing.
 */
export function useDocumentConnection(documentId: string | null): LiveDocument | null {
  const [live, setLive] = useState<LiveDocument | null>(null);

  useEffect(() => {
    // Null: a document not open to the participant, which is never connected to.
    if (documentId === null) return;
    const connection = new DocumentConnection({ syncUrl: syncUrl(), documentId });
    setLive({ connection, snapshot: connection.state });
    const unsubscribe = connection.subscribe((snapshot) => setLive({ connection, snapshot }));
    return () => {
      unsubscribe();
      connection.destroy();
      setLive(null);
    };
  }, [documentId]);

  return live;
}
