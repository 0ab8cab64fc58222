// Youth Voice service worker. Generated at build time by tools/build/post_build.py from
// tools/sw/sw.template.js: FILES is every file of the build, VERSION is derived from their
// names and contents. Never edit dist/sw.js by hand.
//
// - install: precache every file of this build under a cache named after the version; the new
//   worker then WAITS (no skipWaiting), so an update never swaps files under a pupil;
// - the app tells a waiting worker to take over ("take-over") only at the welcome screen;
// - activate: delete the caches of older versions;
// - fetch: same-origin GETs come from the cache (page navigations get the cached index.html),
//   falling back to the network; nothing is ever sent to another host.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `youth-voice-${VERSION}`;

// Files whose names carry a content hash can come from the HTTP cache the page just filled (no
// second download); the others (index.html, the manifest, icons, fonts) are fetched afresh so a
// new version never caches an old copy.
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z0-9]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(
    FILES.map((f) => new Request(f, { cache: HASHED.test(f) ? 'default' : 'reload' })),
  )));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('youth-voice-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'take-over') self.skipWaiting();
  if (data.type === 'version' && event.ports[0]) event.ports[0].postMessage({ version: VERSION, files: FILES.length });
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (request.mode === 'navigate') {
      const page = await cache.match('index.html');
      if (page) return page;
    }
    const hit = await cache.match(request, { ignoreSearch: true });
    return hit || fetch(request);
  })());
});
