import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/**
 * A router of four routes needs no library: the History API plus one event to tell React
 * that the path changed (pushState fires none of its own).
 */

const NAVIGATE_EVENT = 'accord:navigate';

export type Route =
  | { name: 'join' }
  | { name: 'documents' }
  | { name: 'document'; id: string }
  | { name: 'calls'; id: string }
  | { name: 'participants' }
  | { name: 'not-found'; path: string };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'documents' };
  if (path === '/join') return { name: 'join' };
  if (path === '/participants') return { name: 'participants' };
  const calls = /^\/documents\/([^/]+)\/calls$/.exec(path);
  if (calls?.[1]) return { name: 'calls', id: decodeURIComponent(calls[1]) };
  const document = /^\/documents\/([^/]+)$/.exec(path);
  if (document?.[1]) return { name: 'document', id: decodeURIComponent(document[1]) };
  return { name: 'not-found', path };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  window.scrollTo(0, 0);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

export function documentPath(id: string): string {
  return `/documents/${encodeURIComponent(id)}`;
}

interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  children: ReactNode;
}

/** An ordinary anchor (middle-click and "open in new tab" keep working) that routes in place. */
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (to !== location.pathname) navigate(to);
  };
  return (
    <a href={to} onClick={handleClick} {...rest}>
      {children}
    </a>
  );
}
