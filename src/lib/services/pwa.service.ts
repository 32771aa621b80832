// Why: registers the service worker with workbox-window and turns "a new version is waiting" into an offer the cashier accepts.
import { dev } from '$app/environment';
import { Workbox } from 'workbox-window';
import { pwa } from '$lib/managers/pwa.svelte';

const SKIP_WAITING = { type: 'SKIP_WAITING' } as const;

let wb: Workbox | null = null;

export async function registerServiceWorker(): Promise<void> {
	if (wb || !('serviceWorker' in navigator)) return;
	const container = navigator.serviceWorker;
	// The version this page's code belongs to: the worker that controlled it as it loaded, or, on a first visit (loaded
	// from the network, under no worker), the first install that claims it.
	let runsUnder = container.controller;
	const version = () => runsUnder;
	wb = new Workbox('/service-worker.js', { type: dev ? 'module' : 'classic', scope: '/' });
	const box = wb;
	const accept = () => void acceptUpdate(container, version);
	box.addEventListener('waiting', () => pwa.offer(accept));
	// A newer version took this page over without its cashier's accept (accepted in another tab): the page now runs old
	// code under the new worker, so the offer stands (or appears) until the cashier reloads.
	const tookOver = () => {
		if (!runsUnder) runsUnder = container.controller;
		else if (container.controller !== runsUnder) pwa.offer(accept);
	};
	container.addEventListener('controllerchange', tookOver);
	await box.register();
	// It may have happened before the listener existed (while this page loaded).
	tookOver();
	pwa.registered = true;
}

/**
 * The cashier accepted the new version: the page reloads as soon as a newer worker than `version()` (the one its code
 * belongs to) controls it, whatever happened before the tap. Asking the waiting worker to take over is not enough: it
 * may already have taken over (accepted in another tab, or activated while this page loaded), and then no
 * `controllerchange` comes after the tap and workbox's `messageSkipWaiting()` finds no waiting worker; or a newer
 * deploy may replace it, and the ask went to a worker that will never activate. So the page reloads at once when
 * another worker already controls it, and otherwise asks every worker that comes to wait until one controls it.
 */
export async function acceptUpdate(
	container: ServiceWorkerContainer,
	version: () => ServiceWorker | null
): Promise<void> {
	let reloading = false;
	const reload = () => {
		if (reloading) return;
		reloading = true;
		window.location.reload();
	};
	const takenOver = () => version() !== null && container.controller !== version();
	container.addEventListener('controllerchange', reload);
	if (takenOver()) return reload();
	const reg = await container.getRegistration();
	if (takenOver()) return reload();
	if (!reg) return;
	const asked = new Set<ServiceWorker>();
	const ask = () => {
		const waiting = reg.waiting;
		if (reloading || !waiting || asked.has(waiting)) return;
		asked.add(waiting);
		waiting.postMessage(SKIP_WAITING);
	};
	// A newer deploy found after the tap: ask it too once it has installed.
	reg.addEventListener('updatefound', () => {
		const next = reg.installing;
		next?.addEventListener('statechange', () => {
			if (next.state === 'installed') ask();
		});
	});
	ask();
}

/** Asks the browser to keep our storage (orders must not be evicted); returns whether it is persisted. */
export async function requestPersistentStorage(): Promise<boolean> {
	if (!navigator.storage?.persist) return false;
	if (await navigator.storage.persisted()) return true;
	return navigator.storage.persist();
}

export async function storageInfo(): Promise<{ usage: number; quota: number; persisted: boolean }> {
	const est = navigator.storage?.estimate ? await navigator.storage.estimate() : {};
	const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : false;
	return { usage: est.usage ?? 0, quota: est.quota ?? 0, persisted };
}
