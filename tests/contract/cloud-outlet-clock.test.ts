// What outlets push is stamped by one clock per outlet (server/db/outlet-clock.ts): a reader paging an outlet's orders
// while several outlets push at once skips and repeats nothing, and (PostgreSQL) one outlet's open write does not hold
// up another outlet's batch while a second write of the same outlet waits for it and is stamped after it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';
import { BDG, cloud, JKT, order, SBY, type OutletCreds } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ env: { SHARE_OPEN_ORDERS: '1', RATE_LIMIT_PER_MINUTE: '100000' } });
});
afterAll(async () => {
	await server?.stop();
});

const push = async (o: OutletCreds, n: number) => {
	const items = Array.from({ length: n }, () => ({
		entity_type: 'order',
		operation: 'create',
		data: order(o)
	}));
	const r = await cloud(server, o, '/sync/batch', {
		json: { outlet_id: o.id, outlet_code: o.code, items }
	});
	expect(r.status).toBe(200);
	const data = BatchResponse.parse(r.body).data;
	expect(data.success).toBe(n);
	return items.map((it) => it.data.local_id);
};

type Wire = { local_id: string };

/** Pages of 7 of the outlet's orders feed, remembering every order and checkpoint seen. */
class Reader {
	readonly seen: string[] = [];
	readonly checkpoints: string[] = [];
	since: string | null = null;
	constructor(readonly o: OutletCreds) {}
	async pull() {
		for (;;) {
			const q = new URLSearchParams({ limit: '7' });
			if (this.since) q.set('since', this.since);
			const r = await cloud(server, this.o, `/orders?${q.toString()}`);
			expect(r.status).toBe(200);
			const data = r.body.data as { orders: Wire[]; sync_checkpoint: string; has_more: boolean };
			this.seen.push(...data.orders.map((w) => w.local_id));
			this.since = data.sync_checkpoint;
			this.checkpoints.push(data.sync_checkpoint);
			if (!data.has_more) return;
		}
	}
}

describe('change stamps per outlet', () => {
	it('a reader paging one outlet while three outlets push at once sees every order once, checkpoints only rising', async () => {
		const reader = new Reader(JKT);
		await reader.pull();
		const before = reader.seen.length;
		const pushed: string[] = [];
		let writing = true;
		const writers = (async () => {
			for (let round = 0; round < 8; round++) {
				const [a, b] = await Promise.all([push(JKT, 20), push(JKT, 15), push(BDG, 30), push(SBY, 30)]);
				pushed.push(...(a ?? []), ...(b ?? []));
			}
			writing = false;
		})();
		while (writing) await reader.pull();
		await writers;
		await reader.pull();
		const after = reader.seen.slice(before);
		// Nothing skipped, nothing twice, nothing of another outlet.
		expect([...after].sort()).toEqual([...pushed].sort());
		for (let i = 1; i < reader.checkpoints.length; i++)
			expect((reader.checkpoints[i] ?? '') >= (reader.checkpoints[i - 1] ?? '')).toBe(true);
	});

	it.runIf(process.env.KASIR_TEST_DB === 'postgres')(
		"an open write of one outlet holds only that outlet's clock: the other outlet's batch goes through, the same outlet's waits and is stamped after it",
		async () => {
			const held = new pg.Client({ connectionString: server.databaseUrl });
			const watch = new pg.Client({ connectionString: server.databaseUrl });
			await held.connect();
			await watch.connect();
			try {
				await held.query('begin');
				await held.query(
					`insert into orders (cloud_id, outlet_id, local_id, outlet_code, total_amount, status, version, created_at, updated_at)
					 values (gen_random_uuid(), $1, 'held-open', $2, 1000, 'open', 1, now(), now())`,
					[JKT.id, JKT.code]
				);
				// Another outlet is not held up by JKT's open transaction (before the per-outlet clock, this waited for it).
				await push(BDG, 5);
				const waiting = push(JKT, 3);
				await until(
					async () =>
						(
							await watch.query<{ n: number }>(
								`select count(*)::int as n from pg_stat_activity
								  where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`
							)
						).rows[0]?.n === 1,
					{ what: "JKT's second write to wait on JKT's clock", timeoutMs: 20_000 }
				);
				await held.query('commit');
				const ids = await waiting;
				const { rows } = await watch.query<{ local_id: string; first: boolean }>(
					`select local_id, changed_at < (select changed_at from orders where outlet_id = $1 and local_id = 'held-open') as first
					   from orders where outlet_id = $1 and local_id = any($2::text[])`,
					[JKT.id, ids]
				);
				expect(rows).toHaveLength(3);
				expect(rows.filter((r) => r.first)).toEqual([]);
			} finally {
				await held.query('rollback').catch(() => undefined);
				await held.end();
				await watch.end();
			}
		}
	);
});
