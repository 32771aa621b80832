// Why: registers the service worker with workbox-window and turns "a new version is waiting" into an offer the cashier accepts.
import { dev } from '$app/environment';
import { Workbox } from 'workbox-window';
import { pwa } from '$lib/managers/pwa.svelte';

let wb: Workbox | null = null;

export async function registerServiceWorker(): Promise<void> {
	if (wb || !('serviceWorker' in navigator)) return;
	wb = new Workbox('/service-worker.js', { type: dev ? 'module' : 'classic', scope: '/' });
	const box = wb;
	box.addEventListener('waiting', () => {
		pwa.offer(() => {
			// Reload only once the new worker controls the page, and only because the cashier asked.
			box.addEventListener('controlling', () => window.location.reload());
			box.messageSkipWaiting();
		});
	});
	await box.register();
	pwa.registered = true;
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
