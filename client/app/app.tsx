import { lazy, Suspense } from 'react';
import { managesWorkspace } from '../../shared/participants.ts';
import { TopBar } from '../components/top-bar.tsx';
import { useT } from '../i18n/language.tsx';
import { useParticipantLanguage } from '../i18n/participant-language.ts';
import { CallsPage } from '../calls/calls-page.tsx';
import { DocumentsPage } from '../documents/documents-page.tsx';
import { JoinPage } from '../pages/join-page.tsx';
import { LoadingPage, SignInPage, UnreachablePage } from '../pages/sign-in-page.tsx';
import { ParticipantsPage } from '../participants/participants-page.tsx';
import { useProjectorMode } from './projector.ts';
import { Link, matchRoute, usePathname } from './router.tsx';
import { useSession } from './session.ts';

// The editor (Tiptap, ProseMirror, Yjs) is most of the code; the sign-in and list pages need none of it.
const EditorPage = lazy(() => import('../editor/editor-page.tsx').then((m) => ({ default: m.EditorPage })));

export function App() {
  const route = matchRoute(usePathname());
  const { state, recheck, signedIn, signedOut } = useSession(route.name === 'join');
  const [projector, toggleProjector] = useProjectorMode();
  const t = useT();
  const keepLanguage = useParticipantLanguage(state.status === 'signed-in' ? state.participant.id : null);

  // The join page signs in by itself; whoever was signed in before does not matter to it.
  if (route.name === 'join') return <JoinPage onSignedIn={signedIn} />;
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'signed-out') return <SignInPage />;
  if (state.status === 'unreachable') return <UnreachablePage message={state.message} onRetry={recheck} />;

  const { participant } = state;
  const section = route.name === 'documents' ? 'documents' : route.name === 'participants' ? 'participants' : 'other';

  return (
    <div className="app">
      <TopBar participant={participant} section={section} projector={projector} onToggleProjector={toggleProjector} onSignedOut={signedOut} onLanguageChosen={keepLanguage} />
      {route.name === 'documents' && <DocumentsPage participant={participant} onSessionLost={signedOut} />}
      {route.name === 'document' && (
        <Suspense fallback={<LoadingPage />}>
          <EditorPage key={route.id} documentId={route.id} participant={participant} onSessionLost={signedOut} />
        </Suspense>
      )}
      {route.name === 'calls' && <CallsPage key={route.id} documentId={route.id} participant={participant} />}
      {route.name === 'participants' &&
        (managesWorkspace(participant.role) ? (
          <ParticipantsPage participant={participant} onSessionLost={signedOut} />
        ) : (
          <NotFound message={t('notFound.participantsOnly')} />
        ))}
      {route.name === 'not-found' && <NotFound message={t('notFound.noPage', { path: route.path })} />}
    </div>
  );
}

function NotFound({ message }: { message: string }) {
  const t = useT();
  return (
    <main className="page">
      <h1 className="page__title">{t('notFound.title')}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t('notFound.goToDocuments')}</Link>
      </p>
    </main>
  );
}
