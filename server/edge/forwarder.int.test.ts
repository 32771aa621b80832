// The forwarder against a real upstream server: an outage with a backlog, and a kill between upstream's answer and
// the checkpoint; upstream ends with exactly the orders the tablets pushed to the edge, with identical totals.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JKT, cloud, order } from '../../tests/contract/cloud-helpers.ts';
import { ROOT, startServer, type TestServer } from '../../tests/helpers/server.ts';
import { demoProductId } from '../seed/demo.ts';
import {
	copyOutletRows,
	edgeServer,
	openEdgeRig,
	pushOrdersToEdge,
	upstreamOrders,
	upstreamSql
} from '../../tests/helpers/edge-parts.ts';
import { until } from '../../tests/helpers/wait.ts';
import { startClaim } from './claim.ts';
import { startForwarder, type ForwarderStatus } from './forwarder.ts';

let upstream: TestServer;
const dirs: string[] = [];
const tempDir = () => {
	const d = mkdtempSync(join(tmpdir(), 'kasir-edge-'));
	dirs.push(d);
	return d;
};

beforeAll(async () => {
	upstream = await startServer({ env: { KASIR_TEST_HOOKS: '1', RATE_LIMIT_PER_MINUTE: '10000' } });
});
// Each test is a different edge of the same outlet: the previous one's lease must not refuse it.
beforeEach(async () => {
	await upstreamSql(upstream.url, 'delete from edge_claims');
});
afterAll(async () => {
	await upstream?.stop();
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sum = (rows: { total_amount: number }[]) => rows.reduce((s, r) => s + r.total_amount, 0);

describe('edge forwarder', () => {
	it('keeps 300 orders through an upstream outage and forwards exactly those once upstream is back', async () => {
		const rig = await openEdgeRig({ upstreamUrl: upstream.url, dataDir: tempDir(), edgeId: 'edge-outage' });
		try {
			await copyOutletRows(rig.db, upstream.url);
			await upstream.halt();
			const [, forwarder] = rig.start([startClaim, startForwarder]);
			const pushed = await pushOrdersToEdge(rig.url, 300, 'OUTAGE');
			const down = await until<ForwarderStatus | null>(
				async () => {
					const s = (await forwarder?.status()) as ForwarderStatus;
					return s.backlog === 300 && s.claim === 'unknown' && s.forwarded === 0 ? s : null;
				},
				{ what: 'the forwarder to hold a backlog of 300 while upstream is down' }
			);
			expect(down.backlog).toBe(300);
			await upstream.restart();
			const up = await until(
				async () => {
					const got = await upstreamOrders(upstream.url, 'OUTAGE');
					return got.n >= 300 ? got : null;
				},
				{ what: 'upstream to hold the 300 orders' }
			);
			expect(up).toEqual({ n: 300, sum: sum(pushed) });
			const after = await until<ForwarderStatus | null>(
				async () => {
					const s = (await forwarder?.status()) as ForwarderStatus;
					return s.backlog === 0 ? s : null;
				},
				{ what: 'the backlog to reach 0' }
			);
			expect(after).toMatchObject({ backlog: 0, parked: 0, claim: 'held', last_error: null });
			expect(after.last_forward_at).not.toBeNull();
		} finally {
			await rig.close();
		}
	});

	it('loses and doubles nothing when killed between upstream accepting a batch and the checkpoint', async () => {
		const dataDir = tempDir();
		const rig = await openEdgeRig({ upstreamUrl: upstream.url, dataDir, edgeId: 'edge-crash' });
		await copyOutletRows(rig.db, upstream.url);
		const pushed = await pushOrdersToEdge(rig.url, 300, 'CRASH');
		await rig.close();
		const run = (crashAfterBatch: number) => {
			const child = spawn(
				process.execPath,
				['--import', 'tsx', join(ROOT, 'tests/helpers/edge-parts-child.ts')],
				{
					cwd: ROOT,
					env: {
						...process.env,
						EDGE_TEST_UPSTREAM: upstream.url,
						EDGE_TEST_DATA_DIR: dataDir,
						EDGE_TEST_EDGE_ID: 'edge-crash',
						EDGE_TEST_BATCH_ITEMS: '100',
						EDGE_TEST_CRASH_AFTER_BATCH: String(crashAfterBatch)
					},
					stdio: ['ignore', 'pipe', 'pipe']
				}
			);
			let out = '';
			child.stdout.on('data', (b: Buffer) => (out += b.toString()));
			child.stderr.on('data', (b: Buffer) => (out += b.toString()));
			const exited = new Promise<NodeJS.Signals | number | null>((r) =>
				child.on('exit', (code, signal) => r(signal ?? code))
			);
			return { child, exited, output: () => out };
		};
		// First run: killed right after upstream stored the second batch of 100, before the checkpoint moved past it.
		const first = run(2);
		expect(await first.exited, first.output()).toBe('SIGKILL');
		expect(await upstreamOrders(upstream.url, 'CRASH')).toEqual({
			n: 200,
			sum: sum(pushed.slice(0, 200))
		});
		// Restarted on the same database: the second batch goes again (upstream answers it as already stored), then the rest.
		const second = run(0);
		try {
			const up = await until(
				async () => {
					const got = await upstreamOrders(upstream.url, 'CRASH');
					return got.n >= 300 ? got : null;
				},
				{ what: 'upstream to hold the 300 orders after the restart' }
			);
			expect(up).toEqual({ n: 300, sum: sum(pushed) });
		} finally {
			second.child.kill('SIGTERM');
			await second.exited;
		}
		const verify = await openEdgeRig({
			upstreamUrl: upstream.url,
			dataDir,
			edgeId: 'edge-crash',
			serveApp: false
		});
		try {
			const { rows } = await verify.db.query<{ value: string; newest: string }>(
				`select value, (select to_char(max(changed_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') from orders) as newest
				   from edge_checkpoints where name = 'forward.batch'`
			);
			expect(rows[0]?.value).toBe(rows[0]?.newest);
		} finally {
			await verify.close();
		}
	});
	it('parks an item upstream refuses, with its reason, and forwards the rest: orders, a product edit, a shift', async () => {
		const rig = await openEdgeRig({ upstreamUrl: upstream.url, dataDir: tempDir(), edgeId: 'edge-park' });
		try {
			await copyOutletRows(rig.db, upstream.url);
			const edge = edgeServer(rig.url);
			// The same local_id and version already upstream with another body: upstream refuses it (422 reason).
			const clash = order(JKT, { local_id: 'CLASH-1', total_amount: 1000 });
			expect((await cloud(upstream, JKT, '/orders', { json: clash })).status).toBe(200);
			expect((await cloud(edge, JKT, '/orders', { json: { ...clash, total_amount: 2000 } })).status).toBe(
				200
			);
			const fine = await pushOrdersToEdge(rig.url, 5, 'PARK');
			const productId = demoProductId('MKN-002');
			const edit = await cloud(edge, JKT, '/products', {
				json: { local_id: productId, price: 39_000, version: 1, updated_at: '2026-01-27T11:00:00Z' }
			});
			expect(edit.body.data).toMatchObject({ version: 2 });
			const shift = {
				local_id: 'PARK-shift-1',
				device_id: 'till-a',
				status: 'open',
				opening_cash: 500_000,
				opened_at: '2026-01-27T08:00:00Z',
				opened_by: 'Sari',
				auto_opened: false,
				business_date: '2026-01-27',
				movements: [],
				closed_at: null,
				closed_by: null,
				expected: null,
				counted: null,
				variance: null,
				manager_approved: false,
				version: 1
			};
			expect((await cloud(edge, JKT, '/shifts', { json: { items: [shift] } })).status).toBe(200);

			const [, forwarder] = rig.start([startClaim, startForwarder]);
			const done = await until<ForwarderStatus | null>(
				async () => {
					const st = (await forwarder?.status()) as ForwarderStatus;
					return st.backlog === 0 && st.parked === 1 ? st : null;
				},
				{ what: 'the backlog forwarded with one item parked' }
			);
			expect(done.parked_items).toEqual([
				expect.objectContaining({
					entity_type: 'order',
					local_id: 'CLASH-1',
					version: 1,
					code: 'idempotency_conflict'
				})
			]);
			expect(done.parked_items[0]?.error).toMatch(/different body/);
			expect(await upstreamOrders(upstream.url, 'PARK')).toEqual({ n: 5, sum: sum(fine) });
			const [clashUp] = await upstreamSql<{ total_amount: string }>(
				upstream.url,
				`select total_amount::text as total_amount from orders where local_id = 'CLASH-1'`
			);
			expect(Number(clashUp?.total_amount)).toBe(1000);
			const [product] = await upstreamSql<{ price: string; version: number }>(
				upstream.url,
				'select price::text as price, version from products where id = $1',
				[productId]
			);
			expect(product).toEqual({ price: '39000', version: 2 });
			const shifts = await upstreamSql<{ n: string }>(
				upstream.url,
				`select count(*)::text as n from shifts where local_id = 'PARK-shift-1'`
			);
			expect(shifts[0]?.n).toBe('1');
		} finally {
			await rig.close();
		}
	});
});
