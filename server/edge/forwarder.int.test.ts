// The forwarder against a real upstream server: an outage with a backlog, and a kill between upstream's answer and
// the checkpoint; upstream ends with exactly the orders the tablets pushed to the edge, with identical totals.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, startServer, type TestServer } from '../../tests/helpers/server.ts';
import {
	copyOutletRows,
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
});
