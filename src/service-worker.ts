// Why: precaches the app shell so a cold start with no network opens the till; /api stays network-only; /photos goes to the photo module.
/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { handlePhotoRequest, isPhotoRequest } from '$lib/sw/photos';
import { WORKER_DIR, workerClosure } from '$lib/sw/worker-chunks';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL_CACHE = `kasir-shell-${version}`;
/** adapter-static writes the SPA fallback as index.html: every navigation is answered with it offline. */
const FALLBACK = '/index.html';
const STATIC = new Set(files.filter((f) => !f.startsWith('/photos/')));
const SHELL = [...build, ...STATIC, FALLBACK];
const SHELL_PATHS = new Set(SHELL);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(SHELL_CACHE);
			await cache.addAll(SHELL);
			// The worker's chunks loaded on first use (doctor, photos, reconciliation) are not in `build`: found from its
			// entry, following chunks of chunks (each fetched once and kept, so its own imports can be read).
			await workerClosure(build, async (path) => {
				const hit = await cache.match(path);
				if (hit) return hit.text();
				const res = await fetch(path);
				if (!res.ok) throw new Error(`precache: ${path} answered ${res.status}`);
				await cache.put(path, res.clone());
				return res.text();
			});
			// The first install takes over at once; later versions wait for the cashier's "reload".
			if (!sw.registration.active) await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys())
				if (key.startsWith('kasir-shell-') && key !== SHELL_CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	const data: unknown = event.data;
	if (data && typeof data === 'object' && (data as { type?: unknown }).type === 'SKIP_WAITING')
		void sw.skipWaiting();
});

/** The shell cache, opened once per worker life (a cold start asks it for ~30 files at once). */
let shellCache: Promise<Cache> | null = null;
const openShell = () => (shellCache ??= caches.open(SHELL_CACHE));

async function shellFirst(request: Request): Promise<Response> {
	const cache = await openShell();
	const hit = await cache.match(request);
	if (hit) return hit;
	return fetch(request);
}

async function navigation(request: Request): Promise<Response> {
	// The shell is versioned with the service worker: serving it from cache keeps a cold start instant and offline-proof.
	const cache = await openShell();
	const hit = await cache.match(FALLBACK);
	if (hit) return hit;
	return fetch(request);
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (url.pathname.startsWith('/api/')) return; // network only
	if (isPhotoRequest(url)) {
		event.respondWith(handlePhotoRequest(request));
		return;
	}
	if (request.mode === 'navigate') {
		// A static file of the shell opened as a page (the manifest, an icon) is that file, not the app.
		if (STATIC.has(url.pathname)) event.respondWith(shellFirst(request));
		else event.respondWith(navigation(request));
		return;
	}
	if (SHELL_PATHS.has(url.pathname) || url.pathname.startsWith(WORKER_DIR))
		event.respondWith(shellFirst(request));
});
