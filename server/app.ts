import { serveStatic } from '@hono/node-server/serve-static';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { ClusterDocuments } from './cluster/cluster-documents.ts';
import { DocumentUnavailable, type Documents } from './documents/document-handle.ts';
import { LeaseLost } from './store/fence.ts';
import { ownOriginOnly } from './http/origin.ts';
import { MAX_JSON_BODY } from './http/validation.ts';
import { decisionRoutes } from './routes/decisions.ts';
import { documentRoutes } from './routes/documents.ts';
import { exportRoutes } from './routes/export.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes } from './routes/import.ts';
import { callRoutes, documentCallRoutes } from './routes/calls.ts';
import { documentOrganizationRoutes, organizationRoutes } from './routes/organizations.ts';
import { localisedErrors } from './http/request-language.ts';
import { revisionRoutes } from './routes/revisions.ts';
import { languageVersionRoutes } from './routes/language-versions.ts';
import { LANGUAGE_IMPORT_PATH, languageImportRoutes } from './routes/language-import.ts';
import { WORD_UPLOAD_PATH, wordUploadRoutes } from './routes/word-upload.ts';
import { DocxImporter } from './import/import-runner.ts';
import { participantRoutes, type ParticipantEvents } from './routes/participants.ts';
import { sessionRoutes } from './routes/session.ts';
import { usageRoutes } from './routes/usage.ts';
import type { Store } from './store/store.ts';
import type { Admission } from './sync/admission.ts';
import type { RoomRegistry } from './sync/rooms.ts';
import { syncRoutes } from './sync/socket-route.ts';

export interface AppDeps {
  store: Store;
  registry: RoomRegistry;
  /** The documents' authoritative texts, in this process or in another (issue 15): what routes work on. */
  documents: Documents;
  admission: Admission;
  /** The address participants reach Accord at; sign-in links are built on it. */
  publicUrl: () => string;
  /** Whether PUBLIC_URL was configured (see OriginPolicy). */
  publicUrlConfigured: boolean;
  /** Reverse proxies whose X-Forwarded-For is believed when counting failed sign-ins (TRUST_PROXY). */
  trustedProxies: number;
  /** A session's absolute lifetime, which the cookie's is set to. */
  sessionMaxAgeMs: number;
  isReady: () => boolean;
  /** This process's node id (ACCORD_NODE_ID). */
  node: string;
  /** Several processes sharing PostgreSQL and Redis (issue 15): sockets go to each document's authority. */
  cluster?: ClusterDocuments | null;
  /** Redis when REDIS_URL is configured: health says whether it answers; several processes count sign-in failures in it. */
  redis: { ping(): Promise<boolean>; countInWindow(key: string, windowMs: number): Promise<number> } | null;
  events: ParticipantEvents;
  /** The built client (dist/), served with a fallback to index.html for the app's own routes. */
  clientDir?: string;
}

/** Builds the HTTP and WebSocket application; it never listens (the server does). */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app });
  // ws itself drops frames past this hard cap (close 1009); below it, the peer applies the
  // configured limit with close codes the client understands.
  wss.options.maxPayload = deps.admission.limits.maxMessageBytes * 4;

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        // The editor positions carets and labels with inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    }),
  );
  // A page of another origin must not act with the session its browser sends along: not
  // through the API, not by opening the sync socket (a GET) to read a document.
  const originPolicy = { publicUrl: deps.publicUrl, configured: deps.publicUrlConfigured };
  // Refusals reach people in their language; registered first, so it words every answer after it.
  app.use('/api/*', localisedErrors());
  app.use('/api/*', ownOriginOnly(originPolicy));
  app.use('/sync/*', ownOriginOnly(originPolicy, true));
  const jsonLimit = bodyLimit({ maxSize: MAX_JSON_BODY, onError: (c) => c.json({ error: 'request body too large' }, 413) });
  // Every API body is small JSON, except a Word file being imported, which has its own limit.
  app.use('/api/*', (c, next) => (c.req.path === '/api/documents/import' || WORD_UPLOAD_PATH.test(c.req.path) || LANGUAGE_IMPORT_PATH.test(c.req.path) ? next() : jsonLimit(c, next)));
  // Imports and Word uploads take turns on the same import threads.
  const importer = new DocxImporter();

  app.route('/api/health', healthRoutes(deps));
  app.route('/api', sessionRoutes(deps.store, { trustedProxies: deps.trustedProxies, sessionMaxAgeMs: deps.sessionMaxAgeMs, sharedCounter: deps.cluster ? deps.redis : null }));
  app.route('/api/documents', importRoutes(deps.store, importer));
  app.route('/api/documents', wordUploadRoutes(deps.store, deps.documents, importer));
  app.route('/api/documents', documentRoutes(deps.store));
  app.route('/api/documents', decisionRoutes(deps.store, deps.documents));
  app.route('/api/documents', revisionRoutes(deps.store, deps.documents));
  app.route('/api/documents', languageVersionRoutes(deps.store, deps.documents));
  app.route('/api/documents', languageImportRoutes(deps.store, deps.documents, importer));
  app.route('/api/documents', exportRoutes(deps.store, deps.documents));
  app.route('/api/documents', usageRoutes(deps.store, deps.documents, deps.admission.limits));
  app.route('/api/documents', documentOrganizationRoutes(deps.store, { onRightsChanged: (documentId) => deps.registry.organizationsChanged(documentId) }));
  app.route('/api/organizations', organizationRoutes(deps.store));
  app.route('/api/documents', documentCallRoutes(deps.store));
  app.route('/api/calls', callRoutes(deps.store, importer, deps.documents));
  app.route('/api', participantRoutes(deps.store, deps.publicUrl, deps.events));
  app.all('/api/*', (c) => c.json({ error: 'no such route' }, 404));
  app.onError((error, c) => {
    // The document's authority moved or did not answer: nothing was changed here; ask again.
    if (error instanceof DocumentUnavailable || error instanceof LeaseLost) return c.json({ error: `this document is changing hands; try again (${error.message})` }, 503);
    // Otherwise as Hono answers without a handler of ours.
    if (error instanceof HTTPException) return error.getResponse();
    console.error(error);
    return c.text('Internal Server Error', 500);
  });
  app.route('/sync', syncRoutes(deps.store, deps.registry, deps.admission, upgradeWebSocket, deps.cluster ?? null));

  if (deps.clientDir) {
    app.use('/*', serveStatic({ root: deps.clientDir }));
    app.get('/*', serveStatic({ root: deps.clientDir, path: 'index.html' }));
  }
  return { app, injectWebSocket, wss };
}

export type AppType = ReturnType<typeof createApp>['app'];
