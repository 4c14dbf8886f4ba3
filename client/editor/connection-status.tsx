import type { ConnectionSnapshot, LinkState, SaveState } from '../sync/document-connection.ts';
import type { MessageKey } from '../../shared/i18n/translate.ts';
import { useT } from '../i18n/language.tsx';

const LINK_TEXT: Record<Exclude<LinkState, 'closed'>, MessageKey> = {
  connecting: 'link.connecting',
  syncing: 'link.syncing',
  connected: 'link.connected',
  // Said as soon as the link falls silent (within seconds, see DocumentConnection): the client
  // is already trying again, and the participant should know the room is not hearing them.
  offline: 'link.offline',
};

const SAVE_TEXT: Record<SaveState, MessageKey> = {
  saved: 'save.saved',
  saving: 'save.saving',
  paced: 'save.paced',
  'offline-unsaved': 'save.offlineUnsaved',
};

/** What a delegate must always be able to see: is the room live, and is my wording safe. */
export function ConnectionStatus({ snapshot }: { snapshot: ConnectionSnapshot }) {
  const t = useT();
  const linkText = snapshot.link === 'closed' ? (snapshot.closedReason ?? t('link.closed')) : t(LINK_TEXT[snapshot.link]);
  return (
    <div className="status-area" aria-live="polite">
      <span className={`pill pill--link-${snapshot.link}`} data-testid="link-status" data-state={snapshot.link}>
        <span className="pill__dot" aria-hidden="true" />
        {linkText}
      </span>
      <span className={`pill pill--save-${snapshot.save}`} data-testid="save-status" data-state={snapshot.save}>
        {t(SAVE_TEXT[snapshot.save])}
      </span>
    </div>
  );
}
