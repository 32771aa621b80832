// Why: registers the service worker and turns "a new version is waiting" into an offer the cashier accepts. The browser's own
// API (workbox-window did this until the seventh pass: ~2 KB gzip of the selling screen's first load for these few events).
import { dev } from '$app/environment';
import { pwa } from '$lib/managers/pwa.svelte';

let registering: Promise<void> | null = null;

export function registerServiceWorker(): Promise<void> {
	if (registering || !('serviceWorker' in navigator)) return registering ?? Promise.resolve();
	registering = register(navigator.serviceWorker);
	return registering;
}

async function register(container: ServiceWorkerContainer): Promise<void> {
	// After the page's load event, as workbox-window did: the service worker's first install (it fetches every build file)
	// does not compete with the page's own start.
	if (document.readyState !== 'complete')
		await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
	const reg = await container.register('/service-worker.js', {
		type: dev ? 'module' : 'classic',
		scope: '/'
	});
	// A version installed while this page runs under an older one (an update, this tab's or another's) waits: offer it.
	// The first install has no controller to replace and takes over by itself (src/service-worker.ts).
	const offerWhenInstalled = (sw: ServiceWorker | null) => {
		if (!sw) return;
		const check = () => {
			if (sw.state === 'installed' && container.controller && reg.waiting === sw) offer(container, sw);
		};
		sw.addEventListener('statechange', check);
		check();
	};
	reg.addEventListener('updatefound', () => offerWhenInstalled(reg.installing));
	// One that was already waiting before this page loaded (the cashier chose "later" or closed the tab).
	if (reg.waiting && container.controller) offer(container, reg.waiting);
	else offerWhenInstalled(reg.installing);
	pwa.registered = true;
}

function offer(container: ServiceWorkerContainer, waiting: ServiceWorker): void {
	pwa.offer(() => {
		// Reload only once the new worker controls the page, and only because the cashier asked.
		container.addEventListener('controllerchange', () => window.location.reload(), { once: true });
		waiting.postMessage({ type: 'SKIP_WAITING' });
	});
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
