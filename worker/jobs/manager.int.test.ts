// Why: the sync job contract (seed 003) against the real server: immediate answer, one at a time, progress and results, not_configured, cancel.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { KasirDatabase } from '../../src/lib/db/database';
import type { SyncJobDoc } from '../../src/lib/db/types';
import { demoLogin } from '../testing';
import { workerHarness } from '../test-harness';
import { cancelSync, startSync } from './manager';
import './steps';

const h = workerHarness();

async function finished(d: KasirDatabase, id: string): Promise<SyncJobDoc> {
	for (;;) {
		const j = (await d.sync_jobs.findOne(id).exec())?.toMutableJSON();
		if (j && j.status !== 'running') return j;
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('sync jobs', () => {
	it('says what to set when nothing is configured', async () => {
		const t = await h.open();
		const r = await startSync(t.ctx, 'master');
		expect(r).toMatchObject({ success: false, error: 'not_configured' });
		expect(r.message).toMatch(/log in to the head office/);
	});

	it('starts at once, refuses a second start with the first id, and records per-collection results', async () => {
		const t = await h.open({ hoPageLimit: 10 });
		await demoLogin(t.ctx, h.url);
		const first = await startSync(t.ctx, 'master');
		expect(first).toMatchObject({
			success: true,
			status: 'in_progress',
			message: 'Sync started successfully'
		});
		if (!first.success) return;
		expect(first.syncId).toMatch(/^sync_/);
		const second = await startSync(t.ctx, 'master');
		expect(second).toEqual({
			success: false,
			error: 'sync_in_progress',
			message: `Sync already in progress (${first.syncId}). Please wait for it to complete or cancel it first.`,
			existingSyncId: first.syncId
		});
		const job = await finished(t.db, first.syncId);
		expect(job.status).toBe('completed');
		expect(job.progress).toBe(100);
		expect(job.step).toBe(job.total_steps);
		expect(job.results.products?.status).toBe('success');
		expect(job.results.products?.count).toBe(await t.db.products.count().exec());
		expect(job.totalUpdated).toBe(Object.values(job.results).reduce((s, r) => s + r.count, 0));
		expect(job.completed_at).not.toBeNull();
		// The lock is free again: a new job may start (and finds nothing new).
		const third = await startSync(t.ctx, 'master');
		expect(third.success).toBe(true);
		if (third.success) expect((await finished(t.db, third.syncId)).totalUpdated).toBe(0);
	});

	it('can be cancelled between pages', async () => {
		const t = await h.open({ hoPageLimit: 2 });
		await demoLogin(t.ctx, h.url);
		const r = await startSync(t.ctx, 'master');
		if (!r.success) throw new Error(r.message);
		expect((await cancelSync(t.ctx, r.syncId)).success).toBe(true);
		const job = await finished(t.db, r.syncId);
		expect(job.status).toBe('cancelled');
		expect(Object.values(job.results).some((x) => x.status === 'cancelled')).toBe(true);
		expect(await t.db.products.count().exec()).toBeLessThan(50);
	});
});
