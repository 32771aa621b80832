// Why: the settings page's storage actions: use and headroom (worker), the browser's answer to persistence (page), the retention window, freeing space.
import { boot } from '$lib/app/boot';
import type { FreedSpace, StorageStatus } from '$lib/worker-client';
import { handleError } from './error.service';
import { requestPersistentStorage } from './pwa.service';

export type { FreedSpace, StorageStatus };

export interface StorageView extends StorageStatus {
	persisted: boolean;
}

export async function loadStorage(): Promise<StorageView> {
	const { worker } = await boot();
	const status = await worker.api.storageStatus();
	const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : false;
	return { ...status, persisted };
}

/** Asks the browser to keep our data (`navigator.storage.persist()`); returns its answer. */
export async function askPersistence(): Promise<boolean> {
	try {
		return await requestPersistentStorage();
	} catch (e) {
		handleError(e, 'persistent storage');
		return false;
	}
}

export async function saveRetentionDays(days: number): Promise<number | null> {
	try {
		return await (await boot()).worker.api.setRetentionDays(days);
	} catch (e) {
		handleError(e, 'save retention');
		return null;
	}
}

export async function freeSpaceNow(): Promise<FreedSpace | null> {
	try {
		return await (await boot()).worker.api.freeStorage(true);
	} catch (e) {
		handleError(e, 'free storage');
		return null;
	}
}
