import type { ConnectionSnapshot, LinkState, SaveState } from '../sync/document-connection.ts';

const LINK_TEXT: Record<Exclude<LinkState, 'closed'>, string> = {
  connecting: 'Connecting…',
  syncing: 'Syncing…',
  connected: 'Connected',
  // Said as soon as the link falls silent (within seconds, see DocumentConnection): the client
  // is already trying again, and the participant should know the room is not hearing them.
  offline: 'Reconnecting… — changes will sync when the connection returns',
};

const SAVE_TEXT: Record<SaveState, string> = {
  saved: 'All changes saved',
  saving: 'Saving…',
  'offline-unsaved': 'Not yet saved — offline',
};

/** What a delegate must always be able to see: is the room live, and is my wording safe. */
export function ConnectionStatus({ snapshot }: { snapshot: ConnectionSnapshot }) {
  const linkText = snapshot.link === 'closed' ? (snapshot.closedReason ?? 'Disconnected by the server.') : LINK_TEXT[snapshot.link];
  return (
    <div className="status-area" aria-live="polite">
      <span className={`pill pill--link-${snapshot.link}`} data-testid="link-status" data-state={snapshot.link}>
        <span className="pill__dot" aria-hidden="true" />
        {linkText}
      </span>
      <span className={`pill pill--save-${snapshot.save}`} data-testid="save-status" data-state={snapshot.save}>
        {SAVE_TEXT[snapshot.save]}
      </span>
    </div>
  );
}
