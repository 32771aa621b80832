// What one outlet's batch of new orders asks of the database, counted by a spy on the driver's own query (pg's client
// for PostgreSQL, PGlite's for PGlite) around the real app in this process: one statement for key, budget, rows and push
// stamp, answering per row only what the batch's answer reads (docs/performance.md, "Seventh pass").
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi, type MockInstance } from 'vitest';
import { createApp } from '../../server/app.ts';
import { EventHub } from '../../server/cloud/event-hub.ts';
import { readConfig } from '../../server/config.ts';
import { migrate } from '../../server/db/migrations.ts';
import { openDb } from '../../server/db/open.ts';
import type { Db } from '../../server/db/types.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { BatchResponse } from '../../src/lib/contract/cloud.ts';
import { authHeaders, JKT, order } from './cloud-helpers.ts';

const onPostgres = process.env.KASIR_TEST_DB === 'postgres';
let db: Db;
let hub: EventHub;
let app: ReturnType<typeof createApp>;

async function databaseUrl(): Promise<string | undefined> {
	if (!onPostgres) return undefined;
	const admin = (inject as (key: string) => unknown)('postgresAdminUrl') as string;
	const name = `kasir_test_${randomBytes(6).toString('hex')}`;
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	await c.query(`create database ${name}`);
	await c.end();
	const u = new URL(admin);
	u.pathname = `/${name}`;
	return u.toString();
}

beforeAll(async () => {
	const url = await databaseUrl();
	db = await openDb({ databaseUrl: url, dataDir: url ? undefined : 'memory://' });
	await migrate(db);
	await seedDemo(db);
	hub = await EventHub.start(db);
	const config = readConfig({
		...process.env,
		DATABASE_URL: url ?? '',
		DATA_DIR: mkdtempSync(join(tmpdir(), 'kasir-stmts-')),
		STATIC_DIR: '',
		LOG_LEVEL: 'warn'
	});
	app = createApp({ db, config, hub });
});
afterAll(async () => {
	await hub?.stop();
	await db?.close();
});

/** The driver's query, spied: every statement the app sends, and what the database answered. */
const spyOnDriver = (): MockInstance =>
	onPostgres ? vi.spyOn(pg.Client.prototype, 'query' as never) : vi.spyOn(PGlite.prototype, 'query' as never);

const batch = (n: number) => {
	const orders = Array.from({ length: n }, () => order(JKT));
	return {
		orders,
		body: JSON.stringify({
			outlet_id: JKT.id,
			outlet_code: JKT.code,
			sync_timestamp: '2026-01-27T10:35:00Z',
			items: orders.map((data) => ({ entity_type: 'order', operation: 'create', data }))
		})
	};
};

describe('a batch of new orders and the database', () => {
	it('is one statement, whose rows carry only what the answer reads (local_id, cloud_id, version)', async () => {
		// The first request prepares the connection's named statements; what is counted is a warm request's.
		const warm = batch(3);
		const first = await app.request(`/api/v1/outlets/${JKT.id}/sync/batch`, {
			method: 'POST',
			headers: { ...authHeaders(JKT), 'content-type': 'application/json' },
			body: warm.body
		});
		expect(first.status).toBe(200);

		const { orders, body } = batch(100);
		const spy = spyOnDriver();
		try {
			const res = await app.request(`/api/v1/outlets/${JKT.id}/sync/batch`, {
				method: 'POST',
				headers: { ...authHeaders(JKT), 'content-type': 'application/json' },
				body
			});
			expect(res.status).toBe(200);
			const answer = BatchResponse.parse(await res.json()).data;
			expect(answer.success).toBe(100);
			expect(answer.results.map((r) => r.local_id)).toEqual(orders.map((o) => o.local_id));

			expect(spy).toHaveBeenCalledTimes(1);
			const result = (await spy.mock.results[0]?.value) as { rows: { written: Record<string, unknown>[] }[] };
			const written = result.rows[0]?.written ?? [];
			expect(written).toHaveLength(100);
			for (const w of written) expect(Object.keys(w).sort()).toEqual(['cloud_id', 'local_id', 'version']);
			const byId = new Map(written.map((w) => [w.local_id, w]));
			for (const r of answer.results) {
				expect(r.cloud_id).toBe(byId.get(r.local_id)?.cloud_id);
				expect(r.version).toBe(1);
			}
		} finally {
			spy.mockRestore();
		}
	});
});
