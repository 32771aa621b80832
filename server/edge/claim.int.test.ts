// One edge per outlet: a second edge id for the same outlet is refused with 409 edge_conflict naming the edge that
// holds it, shows that in its status and forwards nothing; once the holder's lease lapses, the second edge takes over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeConflictBody } from '../../src/lib/contract/edge.ts';
import { JKT, cloud } from '../../tests/contract/cloud-helpers.ts';
import {
	copyOutletRows,
	openEdgeRig,
	pushOrdersToEdge,
	upstreamOrders,
	upstreamSql,
	type EdgeRig
} from '../../tests/helpers/edge-parts.ts';
import { startServer, type TestServer } from '../../tests/helpers/server.ts';
import { until } from '../../tests/helpers/wait.ts';
import { claimOf, startClaim, type ClaimStatus } from './claim.ts';
import { startForwarder, type ForwarderStatus } from './forwarder.ts';

let upstream: TestServer;
const dirs: string[] = [];
const rigs: EdgeRig[] = [];

async function edge(edgeId: string): Promise<EdgeRig> {
	const dataDir = mkdtempSync(join(tmpdir(), 'kasir-edge-claim-'));
	dirs.push(dataDir);
	const rig = await openEdgeRig({ upstreamUrl: upstream.url, dataDir, edgeId });
	rigs.push(rig);
	await copyOutletRows(rig.db, upstream.url);
	return rig;
}

beforeAll(async () => {
	upstream = await startServer({ env: { KASIR_TEST_HOOKS: '1', RATE_LIMIT_PER_MINUTE: '10000' } });
});
afterAll(async () => {
	for (const r of rigs) await r.close();
	await upstream?.stop();
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('one edge per outlet', () => {
	it('refuses a second edge with 409 edge_conflict; it forwards nothing until the first one is gone', async () => {
		const a = await edge('edge-a');
		const [claimA] = a.start([startClaim, startForwarder]);
		await until(async () => ((await claimA?.status()) as ClaimStatus).state === 'held', {
			what: 'edge-a to hold the outlet'
		});

		const direct = await cloud(upstream, JKT, '/edge/claim', {
			json: { edge_id: 'edge-b', host: 'till-room' }
		});
		expect(direct.status).toBe(409);
		const refused = EdgeConflictBody.parse(direct.body);
		expect(refused).toMatchObject({ error: 'edge_conflict', edge_id: 'edge-a' });
		expect(refused.message).toContain('edge-a');
		expect(refused.message).toContain(refused.last_seen_at);
		expect(Number.isNaN(Date.parse(refused.last_seen_at))).toBe(false);

		const b = await edge('edge-b');
		const pushed = await pushOrdersToEdge(b.url, 20, 'EDGEB');
		const [claimB, forwarderB] = b.start([startClaim, startForwarder]);
		const seen = await until<ClaimStatus | null>(
			async () => {
				const s = (await claimB?.status()) as ClaimStatus;
				return s.state === 'refused' ? s : null;
			},
			{ what: 'edge-b to be refused' }
		);
		expect(seen.other_edge?.edge_id).toBe('edge-a');
		expect(seen.message).toMatch(/edge-a/);
		const fwd = (await forwarderB?.status()) as ForwarderStatus;
		expect(fwd).toMatchObject({ claim: 'refused', backlog: 20, forwarded: 0 });
		expect(await upstreamOrders(upstream.url, 'EDGEB')).toEqual({ n: 0, sum: 0 });

		// edge-a goes away (its lease lapses): edge-b's next claim holds the outlet and its backlog goes upstream.
		await a.close();
		rigs.splice(rigs.indexOf(a), 1);
		await upstreamSql(upstream.url, `update edge_claims set last_seen_at = now() - interval '1 hour'`);
		expect(await claimOf(b.ctx).renew()).toBe('held');
		const up = await until(
			async () => {
				const got = await upstreamOrders(upstream.url, 'EDGEB');
				return got.n >= 20 ? got : null;
			},
			{ what: "edge-b's 20 orders upstream after it took over" }
		);
		expect(up).toEqual({ n: 20, sum: pushed.reduce((s, o) => s + o.total_amount, 0) });
	});
});
