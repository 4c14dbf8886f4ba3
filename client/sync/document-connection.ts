import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { defineDocumentParts } from '../../shared/document-parts.ts';
import {
  carriesContent, CLOSE, encodeHeartbeat, isPermanentClose, MESSAGE_HEARTBEAT, MESSAGE_NOTICE, MESSAGE_VERDICT, readNotice, readVerdict, SCHEMA_VERSION, type Notice,
} from '../../shared/protocol.ts';
import { announceAgainOnReconnect } from './presence-clock.ts';
import { localiseMessage } from '../../shared/i18n/localise-message.ts';
import { translate, type MessageKey } from '../../shared/i18n/translate.ts';
import { currentLanguage } from '../i18n/language.tsx';

export type LinkState = 'connecting' | 'syncing' | 'connected' | 'offline' | 'closed';
/** `paced`: saving, but the server holds this participant's changes for a while (it sent a lot at once). */
export type SaveState = 'saved' | 'saving' | 'paced' | 'offline-unsaved';

export interface ConnectionSnapshot {
  link: LinkState;
  save: SaveState;
  /** Why the server last refused a change of ours, shown to the participant. */
  refusal: string | null;
  /** Why the server closed the connection for good (revoked, no access, outdated client). */
  closedReason: string | null;
  /** Bumped each time the document is loaded anew after a refusal: editors bind to the new Y.Doc. */
  generation: number;
}

export interface DocumentConnectionOptions {
  /** e.g. `ws://localhost:8787/sync` */
  syncUrl: string;
  documentId: string;
  /** The browser's WebSocket, or a Node implementation that sends the session cookie. */
  WebSocketClass?: typeof WebSocket;
  /** How soon a silent link is given up; the defaults show "Reconnecting…" within about 5 s. */
  link?: Partial<LinkTimings>;
}

export interface LinkTimings {
  /** After this long without a message from the server, ask it for a heartbeat. */
  quietMs: number;
  /** A heartbeat unanswered for this long means the link is dead: drop it and connect anew. */
  silenceMs: number;
  /** A connection attempt that has not opened after this long is abandoned and tried again. */
  connectMs: number;
}

export const DEFAULT_LINK_TIMINGS: LinkTimings = { quietMs: 1_000, silenceMs: 3_000, connectMs: 10_000 };

const CLOSE_REASONS: Record<number, MessageKey> = {
  [CLOSE.malformedMessage]: 'close.malformed',
  [CLOSE.unauthenticated]: 'close.unauthenticated',
  [CLOSE.forbidden]: 'close.forbidden',
  [CLOSE.unknownDocument]: 'close.unknownDocument',
  [CLOSE.schemaMismatch]: 'close.schemaMismatch',
};

/**
 * One participant's live copy of a document: a Y.Doc kept in sync with the server, plus what
 * the participant must see about it — link state, whether every change is saved, refusals.
 *
 * Saving is tracked from the server's verdicts: each content message sent on a socket is
 * numbered, and the server answers the n-th with a verdict once it has committed (or refused)
 * it. A change is saved when the message that carried it has been committed.
 */
export class DocumentConnection {
  doc!: Y.Doc;
  provider!: WebsocketProvider;
  private snapshot: ConnectionSnapshot = { link: 'connecting', save: 'saved', refusal: null, closedReason: null, generation: 0 };
  private emitted: ConnectionSnapshot | null = null;
  /** The server said it holds our changes for a while (see SaveState), since they were last all saved. */
  private paced = false;
  private listeners = new Set<(s: ConnectionSnapshot) => void>();
  private noticeListeners = new Set<(notice: Notice) => void>();
  /** Local changes made so far (a counter), and the count the server has confirmed. */
  private localVersion = 0;
  private confirmedVersion = 0;
  /** For each content message sent on the current socket, the local version it carried. */
  private sentVersions: number[] = [];
  private destroyed = false;
  /** Once connected, losing the link means offline (not "connecting" as at first load). */
  private everConnected = false;
  private readonly timings: LinkTimings;
  private readonly watchdog: ReturnType<typeof setInterval>;
  /** When the current socket was created, and when the heartbeat still unanswered on it was sent. */
  private attemptStartedAt = 0;
  private heartbeatSentAt: number | null = null;

  constructor(private readonly options: DocumentConnectionOptions) {
    this.timings = { ...DEFAULT_LINK_TIMINGS, ...options.link };
    this.open();
    this.watchdog = setInterval(() => this.watchLink(), this.timings.quietMs / 2);
  }

  get state(): ConnectionSnapshot {
    return this.snapshot;
  }

  /** How many local changes this copy has made, and how many of them the server has committed. */
  get changes(): { made: number; committed: number } {
    return { made: this.localVersion, committed: this.confirmedVersion };
  }

  subscribe(listener: (s: ConnectionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` when the server says something outside the text changed (a revision issued). */
  onNotice(listener: (notice: Notice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  destroy(): void {
    this.destroyed = true;
    clearInterval(this.watchdog);
    this.provider.destroy();
    this.doc.destroy();
    this.listeners.clear();
    this.noticeListeners.clear();
  }

  private open(): void {
    const doc = defineDocumentParts(new Y.Doc());
    this.doc = doc;
    this.localVersion = 0;
    this.confirmedVersion = 0;
    this.sentVersions = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider) return;
      this.localVersion++;
      this.refresh();
    });

    const Base = this.options.WebSocketClass ?? WebSocket;
    const onContentSent = () => this.sentVersions.push(this.localVersion);
    const onAttempt = () => {
      this.attemptStartedAt = Date.now();
      this.heartbeatSentAt = null;
    };
    // Sees every message the provider sends, to number the content messages as the server does.
    class CountingWebSocket extends Base {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        onAttempt();
      }

      override send(data: Parameters<WebSocket['send']>[0]): void {
        if (data instanceof Uint8Array && carriesContent(data)) onContentSent();
        super.send(data);
      }
    }

    const provider = new WebsocketProvider(this.options.syncUrl, this.options.documentId, doc, {
      WebSocketPolyfill: CountingWebSocket,
      params: { schema: String(SCHEMA_VERSION) },
      // The server is the only path between participants: it judges every change.
      disableBc: true,
    });
    this.provider = provider;
    provider.messageHandlers[MESSAGE_VERDICT] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
      const verdict = readVerdict(decoder);
      const carried = this.sentVersions[verdict.seq - 1];
      if (verdict.outcome === 'committed') {
        if (carried !== undefined) this.confirmedVersion = Math.max(this.confirmedVersion, carried);
      } else if (verdict.outcome === 'refused') {
        // The server words its reasons in English; the participant reads them in their language.
        this.snapshot = { ...this.snapshot, refusal: localiseMessage(currentLanguage(), verdict.reason) };
      }
      // 'resync': the server lost changes this one builds on; it has asked for our whole state,
      // and the reply (a content message of its own) will be confirmed in turn.
      this.refresh();
    };
    // The answer to our heartbeat: its arrival is all that counts (the provider notes the time).
    provider.messageHandlers[MESSAGE_HEARTBEAT] = () => undefined;
    provider.messageHandlers[MESSAGE_NOTICE] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
      const notice = readNotice(decoder);
      if (notice === 'paced') {
        this.paced = true;
        this.refresh();
      }
      if (notice) for (const listener of this.noticeListeners) listener(notice);
    };
    announceAgainOnReconnect(provider);
    provider.on('status', () => this.refresh());
    provider.on('sync', () => this.refresh());
    provider.on('connection-close', (event) => {
      this.sentVersions = [];
      if (event?.code === CLOSE.refusedUpdate && !this.destroyed) {
        // Our copy holds a change the server will never accept: load the document anew.
        queueMicrotask(() => this.reload());
        return;
      }
      if (event && isPermanentClose(event.code)) {
        this.snapshot = { ...this.snapshot, closedReason: this.closeReason(event.code, event.reason) };
      }
      this.refresh();
    });
    this.refresh();
  }

  private closeReason(code: number, reason: string): string {
    const key = CLOSE_REASONS[code];
    const language = currentLanguage();
    return key ? translate(language, key) : reason ? localiseMessage(language, reason) : translate(language, 'close.other');
  }

  /**
   * Runs every `quietMs / 2`. y-websocket gives up on a silent socket only after 30 s, so a
   * delegate would see "Connected · Saving…" long after the link died. Here a quiet link is
   * asked for a heartbeat, and one that does not answer within `silenceMs` is dropped and
   * connected anew, which the participant sees as offline at once. Silence is counted from the
   * heartbeat, not from the last message: in a background tab this runs late, and the link must
   * not be blamed for the browser's throttled timers.
   */
  private watchLink(): void {
    const provider = this.provider;
    const socket = provider.ws;
    if (this.destroyed || !socket) return;
    const now = Date.now();
    if (!provider.wsconnected) {
      if (provider.wsconnecting && now - this.attemptStartedAt >= this.timings.connectMs) this.reconnect();
      return;
    }
    if (this.heartbeatSentAt !== null && provider.wsLastMessageReceived < this.heartbeatSentAt) {
      if (now - this.heartbeatSentAt >= this.timings.silenceMs) this.reconnect();
      return;
    }
    this.heartbeatSentAt = null;
    if (now - provider.wsLastMessageReceived >= this.timings.quietMs && socket.readyState === 1) {
      this.heartbeatSentAt = now;
      socket.send(encodeHeartbeat());
    }
  }

  /** Drops the current socket (without waiting for a close the dead link would never carry) and connects again. */
  private reconnect(): void {
    this.heartbeatSentAt = null;
    this.provider.disconnect();
    this.provider.connect();
  }

  private reload(): void {
    if (this.destroyed) return;
    this.provider.destroy();
    this.doc.destroy();
    this.snapshot = { ...this.snapshot, generation: this.snapshot.generation + 1 };
    this.open();
  }

  private refresh(): void {
    const provider = this.provider;
    if (!provider) return;
    let link: LinkState;
    if (this.snapshot.closedReason) link = 'closed';
    else if (provider.wsconnected) link = provider.synced ? 'connected' : 'syncing';
    else link = provider.shouldConnect && provider.wsUnsuccessfulReconnects === 0 && !this.everConnected ? 'connecting' : 'offline';
    if (provider.wsconnected) this.everConnected = true;
    const unsaved = this.confirmedVersion < this.localVersion;
    // Paced until everything is saved (or the link is lost): the server said it holds our changes.
    if (!unsaved || !provider.wsconnected) this.paced = false;
    const save: SaveState = !unsaved ? 'saved' : !provider.wsconnected ? 'offline-unsaved' : this.paced ? 'paced' : 'saving';
    const next = { ...this.snapshot, link, save };
    const last = this.emitted;
    this.snapshot = next;
    if (last && (Object.keys(next) as (keyof ConnectionSnapshot)[]).every((k) => next[k] === last[k])) return;
    this.emitted = next;
    for (const listener of this.listeners) listener(next);
  }
}
