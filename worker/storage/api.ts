// Why: the storage handlers the settings page and the error path call: use and headroom, the retention window, freeing space now.
// Their code (eviction, the photo cache) loads on the first call: a till's start does not run them.
import type { Ctx } from '../context';
import { platformEstimate } from './estimate';
import type { FreedSpace } from './evict';

export interface StorageStatus {
	usage: number;
	quota: number;
	/** Bytes left before the browser refuses writes. */
	headroom: number;
	retention_days: number;
}

export function storageHandlers(ctx: Ctx) {
	return {
		async storageStatus(): Promise<StorageStatus> {
			const { retentionDays } = await import('./evict');
			const e = await platformEstimate();
			return {
				usage: e.usage,
				quota: e.quota,
				headroom: Math.max(0, e.quota - e.usage),
				retention_days: await retentionDays(ctx.db)
			};
		},
		async setRetentionDays(days: number): Promise<number> {
			return (await import('./evict')).setRetentionDays(ctx.db, days);
		},
		/** Frees what can be fetched again; `force` after a write failed for lack of space, whatever the estimate says. */
		async freeStorage(force = false): Promise<FreedSpace> {
			const [{ relieveStoragePressure }, { platformPhotoCache }] = await Promise.all([
				import('./evict'),
				import('../photos/cache')
			]);
			return relieveStoragePressure(ctx.db, {
				cache: platformPhotoCache(),
				estimate: platformEstimate,
				force
			});
		}
	};
}
export type StorageApi = ReturnType<typeof storageHandlers>;
