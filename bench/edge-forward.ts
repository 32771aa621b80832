// Why: the outlet edge's forwarder, measured: a backlog of orders already in the edge's database (tablets sold through
// an outage) → the time until upstream holds them all, as orders/s, beside the floor of the same number of orders
// POSTed straight to upstream's `/sync/batch` from Node in batches of 1000. The backlog's insertion is setup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClaim } from '../server/edge/claim';
import { startForwarder } from '../server/edge/forwarder';
import { copyOutletRows, openEdgeRig, pushOrdersToEdge, upstreamOrders } from '../tests/helpers/edge-parts';
import { startServer } from '../tests/helpers/server';
import { floorDrain } from './drain';
import { report, size } from './lib';

export async function benchEdgeForward(): Promise<void> {
	const orders = size(10_000, 200);
	const upstream = await startServer({ env: { KASIR_TEST_HOOKS: '1', RATE_LIMIT_PER_MINUTE: '100000' } });
	const dataDir = mkdtempSync(join(tmpdir(), 'kasir-bench-edge-'));
	const rig = await openEdgeRig({ upstreamUrl: upstream.url, dataDir, edgeId: 'bench-edge' });
	let kasirMs = 0;
	let floorMs = 0;
	let backlogMs = 0;
	try {
		await copyOutletRows(rig.db, upstream.url);
		// Warm upstream's batch path once (the first request of a fresh server is cold), then the floor.
		await floorDrain(upstream.url, Math.min(orders, 1000), { bodies: 'seed' });
		floorMs = await floorDrain(upstream.url, orders, { bodies: 'seed' });
		const b0 = performance.now();
		const pushed = await pushOrdersToEdge(rig.url, orders, 'BENCH');
		backlogMs = performance.now() - b0;
		const t0 = performance.now();
		rig.start([startClaim, startForwarder]);
		for (;;) {
			const { n } = await upstreamOrders(upstream.url, 'BENCH');
			if (n >= pushed.length) break;
			await new Promise((r) => setTimeout(r, 250));
		}
		kasirMs = performance.now() - t0;
	} finally {
		await rig.close();
		await upstream.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
	report('edge-forward', [
		{
			measure: `edge forwards a backlog of ${orders} orders upstream`,
			kasir: (orders / kasirMs) * 1000,
			floor: (orders / floorMs) * 1000,
			unit: 'orders/s',
			detail: { kasir_ms: kasirMs, floor_ms: floorMs, backlog_insert_ms: backlogMs }
		}
	]);
}
