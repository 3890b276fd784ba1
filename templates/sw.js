// Vluchtwijzer service worker: keeps the pages a reader visited (and the home page) for offline reading.
// Network first: readers always get the current page when online. Never the admin, never personal pages.
"use strict";
const CACHE = "vluchtwijzer-pages-v1";
const ASSETS = [{% for asset in assets %}"{{ asset }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const NEVER = ["/admin", "/healthz", "/sitemap.xml", "/bench"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function keepable(request, response) {
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") return false;
  if (NEVER.some((prefix) => url.pathname.startsWith(prefix))) return false;
  if (!response || response.status !== 200 || response.type !== "basic") return false;
  const control = response.headers.get("Cache-Control") || "";
  return !/private|no-store/.test(control); // pages for logged-in staff are marked private
}

async function remember(request, response) {
  if (!keepable(request, response)) return;
  const headers = new Headers(response.headers);
  headers.set("X-Saved-At", new Date().toISOString());
  const body = await response.clone().arrayBuffer();
  const cache = await caches.open(CACHE);
  await cache.put(request.url.split("#")[0], new Response(body, { status: 200, headers }));
}

async function fromCache(request) {
  const cached = await caches.match(request.url.split("#")[0]);
  if (!cached) return null;
  if (!(cached.headers.get("Content-Type") || "").startsWith("text/html")) return cached;
  // Tell the page it is a saved copy, and from when: site.js shows the banner.
  const html = (await cached.text()).replace("<body", `<body data-offline-copy="${cached.headers.get("X-Saved-At") || ""}"`);
  return new Response(html, { status: 200, headers: cached.headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (NEVER.some((prefix) => new URL(request.url).pathname.startsWith(prefix))) return;
  event.respondWith(
    fetch(request)
      .then((response) => { event.waitUntil(remember(request, response.clone())); return response; })
      .catch(async () => (await fromCache(request)) || Response.error())
  );
});

// The page asks to keep itself and its language's home page.
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.keep) || [];
  event.waitUntil(
    Promise.all(urls.filter(Boolean).map((url) =>
      caches.match(url).then((hit) => hit || fetch(url, { credentials: "same-origin" }).then((response) => remember(new Request(url), response)))
    ))
  );
});
