// The crew page's service worker (built to /sw.js by pwa-plugin.ts): keeps the app shell so the page opens without a
// network, and the last answers the page starts from (who is signed in, reference, snapshot) to show them offline.

/** Written in by the build: the files of the app shell and a version that changes with them. */
declare const PINISI_SHELL: string[];
declare const PINISI_VERSION: string;

/** The few service-worker types used here (the project's TypeScript library is the DOM's, not the worker's). */
interface SwEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface SwScope {
  addEventListener(type: 'install' | 'activate', listener: (event: SwEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: SwFetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

const sw = self as unknown as SwScope;
const SHELL = `pinisi-shell-${PINISI_VERSION}`;
/** The same name as web/src/pwa.ts uses to forget the data at sign-out. */
const DATA = 'pinisi-data';
/** What the console reads to start: answered from the network when there is one, else from the last answer. */
const START_DATA = ['/api/me', '/api/reference', '/api/snapshot', '/api/config', '/api/geo/boundaries'];
/** How long a page load waits for the network before it opens from the cache (a weak mobile signal). */
const NAVIGATION_WAIT_MS = 4000;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PINISI_SHELL))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith('pinisi-shell-') && name !== SHELL) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

/** The header with which the server marks an answer to a crew (responder) session: that crew's user id. */
const OWNER_HEADER = 'x-pinisi-offline-owner';
/** Where the data cache notes whose answers it holds. */
const OWNER_ENTRY = '/pinisi-offline-owner';

/**
 * Keeps a start-up answer only when it is a crew's (the server marked it with the crew's user id) and forgets the
 * answers of anyone else kept before: another role signed in on this browser (a dispatcher on a crew's phone, or a
 * desktop where a crew once opened the page) or another crew leaves nothing of theirs behind, and finds nothing of
 * the previous user's.
 */
async function keepForCrew(path: string, response: Response): Promise<void> {
  const owner = response.headers.get(OWNER_HEADER);
  if (!owner) {
    await caches.delete(DATA);
    return;
  }
  let cache = await caches.open(DATA);
  const kept = await cache.match(OWNER_ENTRY);
  if (kept && (await kept.text()) !== owner) {
    await caches.delete(DATA);
    cache = await caches.open(DATA);
  }
  await cache.put(OWNER_ENTRY, new Response(owner));
  // Kept without the server's time of that answer: opened from the cache later, it would read as the time then.
  const headers = new Headers(response.headers);
  headers.delete('x-server-time');
  const { status, statusText } = response;
  await cache.put(path, new Response(response.clone().body, { status, statusText, headers }));
}

/** The network's answer, or the cache's when the network fails or (for a page load) takes too long. */
async function networkFirst(request: Request, cacheName: string, fallback: string, waitMs: number | null) {
  const network = fetch(request).then(async (response) => {
    if (response.ok) {
      if (cacheName === DATA) await keepForCrew(fallback, response);
      else await (await caches.open(cacheName)).put(fallback, response.clone());
    }
    // Signed out (or the session expired): what was kept for this user must not open offline.
    else if (response.status === 401) await caches.delete(DATA);
    return response;
  });
  // Opened when needed: the data cache may have been deleted and made anew since the request began.
  const cached = async () =>
    (await (await caches.open(cacheName)).match(fallback)) ?? (await caches.match(fallback));
  try {
    if (waitMs === null) return await network;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    });
    const first = await Promise.race([network, slow.then(async () => (await cached()) ?? network)]);
    clearTimeout(timer);
    return first;
  } catch (error) {
    const kept = await cached();
    if (kept) return kept;
    throw error;
  }
}

/** An asset whose name carries its content hash never changes: from the cache, else fetched and kept. */
async function cacheFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') {
    // Every address opens the same page (the server answers index.html for any console route).
    event.respondWith(networkFirst(request, SHELL, '/index.html', NAVIGATION_WAIT_MS));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (START_DATA.includes(url.pathname) && url.search === '') {
    event.respondWith(networkFirst(request, DATA, url.pathname, null));
  }
});
