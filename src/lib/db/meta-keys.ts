// Why: the `meta` collection's well-known keys and key builders as plain values: the selling screen names a key (the
// conflict policy it watches through the worker) without loading RxDB, and db/meta.ts re-exports them.
/** Well-known meta keys; per-stream checkpoints are built with `checkpointKey`. */
export const META = {
	eventsLastId: 'events:last_id',
	cloudCheckpoint: 'checkpoint:cloud:updates',
	/** Shared open orders (servers advertising shared_orders): the orders?since= checkpoint, and the features seen. */
	sharedOrdersCheckpoint: 'checkpoint:cloud:orders',
	cloudFeatures: 'cloud:features',
	lastPull: 'last:pull',
	lastPush: 'last:push',
	lastError: 'last:error',
	lastMasterPull: 'last:master_pull',
	lastHourly: 'last:hourly',
	conflictPolicy: 'conflict:policy',
	deviceId: 'device:id'
} as const;

export const checkpointKey = (stream: string) => `checkpoint:ho:${stream}`;
export const counterKey = (name: string) => `counter:${name}`;
export const companyKey = (id: string) => `company:${id}`;
export const brandKey = (id: string) => `brand:${id}`;
export const shiftKey = (localId: string) => `shift:${localId}`;
export const reconcileKey = (date: string) => `reconcile:${date}`;
export const summaryKey = (outletId: string, date: string) => `summary:${outletId}_${date}`;
/** A closed business day's report partial (db/reports.ts); not the cloud's daily summary above. */
export const reportDayKey = (date: string) => `report-day:${date}`;
