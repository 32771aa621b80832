// Why: how full the device's storage is, apart from the eviction code (evict.ts): the replicator asks every minute, and
// loads the eviction only when the answer is "nearly full".

/** Above this share of the quota the app starts freeing space. */
export const HIGH_WATER = 0.8;

export interface StorageEstimateLike {
	usage: number;
	quota: number;
}

export type Estimate = () => Promise<StorageEstimateLike>;

/** `navigator.storage.estimate()` where the platform has it (browser, worker), else "nothing used". */
export const platformEstimate: Estimate = async () => {
	const s = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<StorageEstimate> } } })
		.navigator?.storage;
	const e = s?.estimate ? await s.estimate() : {};
	return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
};

export const nearlyFull = (e: StorageEstimateLike): boolean => e.quota > 0 && e.usage / e.quota >= HIGH_WATER;
