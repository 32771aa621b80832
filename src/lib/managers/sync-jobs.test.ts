// Why: the sync history follows the worker's answer (the newest 20 jobs, any tab's), and a progress event that arrives
// before the collection emits is merged in.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncJobDoc } from '$lib/db/types';
import { openStoreWorker, type StoreWorker } from '../../../tests/helpers/store-worker';
import { syncJobDoc } from '../../../tests/helpers/sync-docs';
import { syncJobs } from './sync-jobs.svelte';

let worker: StoreWorker;
beforeEach(async () => {
	worker = await openStoreWorker();
});
afterEach(async () => {
	await worker.close();
});

const job = (i: number, over: Partial<SyncJobDoc> = {}) =>
	syncJobDoc({ id: `j${i}`, started_at: new Date(Date.UTC(2026, 0, 27, 10, 0, i)).toISOString(), ...over });

describe('sync jobs manager', () => {
	it('lists the newest 20 jobs, follows a running one and merges a progress event', async () => {
		const { db, store } = worker;
		await db.sync_jobs.bulkInsert(Array.from({ length: 22 }, (_, i) => job(i)));
		syncJobs.attach(store);
		await vi.waitFor(() => expect(syncJobs.history).toHaveLength(20));
		expect(syncJobs.history[0]?.id).toBe('j21');
		expect(syncJobs.running).toBe(false);
		await db.sync_jobs.insert(job(30, { status: 'running', progress: 10, completed_at: null }));
		await vi.waitFor(() => expect(syncJobs.current?.id).toBe('j30'));
		expect(syncJobs.running).toBe(true);
		syncJobs.apply(job(30, { status: 'running', progress: 60, completed_at: null }));
		expect(syncJobs.current?.progress).toBe(60);
		await (
			await db.sync_jobs.findOne('j30').exec()
		)?.incrementalPatch({ status: 'completed', progress: 100 });
		await vi.waitFor(() => expect(syncJobs.running).toBe(false));
		expect(syncJobs.history[0]).toMatchObject({ id: 'j30', progress: 100 });
	});
});
