// Why: the storage handlers the settings page and the error path call: use and headroom, the retention window, freeing space now.
import type { Ctx } from '../context';
import { platformPhotoCache } from '../photos/cache';
import {
	platformEstimate,
	relieveStoragePressure,
	retentionDays,
	setRetentionDays,
	type FreedSpace
} from './evict';

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
			const e = await platformEstimate();
			return {
				usage: e.usage,
				quota: e.quota,
				headroom: Math.max(0, e.quota - e.usage),
				retention_days: await retentionDays(ctx.db)
			};
		},
		setRetentionDays: (days: number): Promise<number> => setRetentionDays(ctx.db, days),
		/** Frees what can be fetched again; `force` after a write failed for lack of space, whatever the estimate says. */
		freeStorage: (force = false): Promise<FreedSpace> =>
			relieveStoragePressure(ctx.db, { cache: platformPhotoCache(), estimate: platformEstimate, force })
	};
}
export type StorageApi = ReturnType<typeof storageHandlers>;
