// The relay against a real upstream behind a cut: an HQ price change, a broadcast, an outlet conflict and a config
// change made while the edge is cut off reach the edge's tables and its own signed event stream once the line is
// back, each exactly once, also across a restart of the relay.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProductId } from '../seed/demo.ts';
import { JKT, cloud, openStream } from '../../tests/contract/cloud-helpers.ts';
import { call, login } from '../../tests/contract/ho-helpers.ts';
import {
	copyOutletRows,
	edgeServer,
	openEdgeRig,
	startEdgeCut,
	type CutProxy,
	type EdgeRig
} from '../../tests/helpers/edge-parts.ts';
import { startServer, type TestServer } from '../../tests/helpers/server.ts';
import { until } from '../../tests/helpers/wait.ts';
import { startRelay, type RelayStatus } from './relay.ts';
import type { EdgePart } from './types.ts';

let upstream: TestServer;
let cut: CutProxy;
let rig: EdgeRig;
let dataDir: string;

beforeAll(async () => {
	upstream = await startServer({ env: { KASIR_TEST_HOOKS: '1', RATE_LIMIT_PER_MINUTE: '10000' } });
	cut = await startEdgeCut(upstream.port);
	dataDir = mkdtempSync(join(tmpdir(), 'kasir-edge-relay-'));
	rig = await openEdgeRig({ upstreamUrl: cut.url, dataDir, edgeId: 'edge-relay', pullIntervalMs: 1000 });
	await copyOutletRows(rig.db, upstream.url);
});
afterAll(async () => {
	await rig?.close();
	await cut?.close();
	await upstream?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

const status = async (part: EdgePart | undefined) => (await part?.status()) as RelayStatus;

async function edgeEventCount(event: string, key: string, value: string): Promise<number> {
	const { rows } = await rig.db.query<{ n: string | number }>(
		'select count(*) as n from events where event = $1 and payload->>$2 = $3',
		[event, key, value]
	);
	return Number(rows[0]?.n ?? 0);
}

describe('edge relay', () => {
	it('brings an HQ price change, a broadcast, a conflict and a config change made during a cut to the edge and its stream, once', async () => {
		const sku = 'MKN-001';
		const productId = demoProductId(sku);
		const mark = await rig.db.query<{ at: string }>('select max(changed_at)::text as at from products');
		const [relay] = rig.start([startRelay]);
		await until(async () => (await status(relay)).connected, { what: 'the relay to follow upstream' });
		// Its first pull finds the copied catalogue equal and rewrites none of it (tablets would pull it all again).
		const restamped = await rig.db.query<{ n: string | number }>(
			'select count(*) as n from products where changed_at > $1::timestamptz',
			[mark.rows[0]?.at]
		);
		expect(Number(restamped.rows[0]?.n)).toBe(0);
		const tablet = await openStream(edgeServer(rig.url), JKT);
		try {
			cut.cut();
			await until(async () => !(await status(relay)).connected, { what: 'the relay to notice the cut' });
			const { access } = await login(upstream);
			const patched = await call(upstream, `/api/v1/admin/products/${productId}`, {
				method: 'PATCH',
				token: access,
				json: { price: 41_500, reason: 'HQ price change during the outage' }
			});
			expect(patched.status).toBe(200);
			const sent = await call(upstream, '/api/v1/admin/broadcasts', {
				method: 'POST',
				token: access,
				json: { title: 'Menu baru', message: 'Harga baru mulai hari ini', level: 'info' }
			});
			expect(sent.status).toBe(200);
			const messageId = String((sent.body.data as { message_id: string }).message_id);
			// An outlet edit based on the old version, pushed straight upstream: a conflict for the outlet.
			const stale = await cloud(upstream, JKT, '/products', {
				json: { local_id: productId, price: 45_000, version: 1, updated_at: '2026-01-27T11:00:00Z' }
			});
			expect(stale.body.data).toMatchObject({ status: 'conflict' });
			const footer = 'Sampai jumpa lagi';
			const config = await call(upstream, `/api/v1/admin/stores/${JKT.id}/config`, {
				method: 'PATCH',
				token: access,
				json: { receipt_footer: footer }
			});
			expect(config.status).toBe(200);
			cut.restore();
			const events = await tablet.until(
				(evs) =>
					evs.some((e) => e.event === 'entity.updated' && e.payload.cloud_id === productId) &&
					evs.some((e) => e.event === 'broadcast.message' && e.payload.message_id === messageId) &&
					evs.some((e) => e.event === 'sync.conflict' && e.payload.cloud_id === productId) &&
					evs.some((e) => e.event === 'config.updated'),
				'the price change, the broadcast, the conflict and the config on the edge stream',
				60_000
			);
			const update = events.find((e) => e.event === 'entity.updated' && e.payload.cloud_id === productId);
			expect(update?.signatureValid).toBe(true);
			expect(update?.payload).toMatchObject({
				entity_type: 'product',
				data: { price: 41_500 }
			});
			expect(events.find((e) => e.event === 'broadcast.message')?.signatureValid).toBe(true);
			expect(events.find((e) => e.event === 'config.updated')?.payload).toMatchObject({
				config: { receipt_footer: footer }
			});
			const conflict = events.find((e) => e.event === 'sync.conflict');
			expect(conflict?.signatureValid).toBe(true);
			// The tablets list it at the edge, under upstream's id.
			const listed = await cloud(edgeServer(rig.url), JKT, '/conflicts');
			expect(listed.body.data.conflicts).toEqual([
				expect.objectContaining({
					conflict_id: conflict?.payload.conflict_id,
					field: 'price',
					local_value: 45_000
				})
			]);
			const { rows } = await rig.db.query<{ price: number }>(
				'select price::float8 as price from products where id = $1',
				[productId]
			);
			expect(rows[0]?.price).toBe(41_500);
		} finally {
			await tablet.close();
		}
		// A new relay on the same database catches up from its checkpoints and applies nothing again.
		await relay?.stop();
		const [again] = rig.start([startRelay]);
		await until(async () => (await status(again)).connected, {
			what: 'the restarted relay to follow upstream'
		});
		await until(async () => (await status(again)).last_pull_at !== null, { what: 'its first pull' });
		expect(await edgeEventCount('entity.updated', 'cloud_id', productId)).toBe(1);
		expect(await edgeEventCount('broadcast.message', 'title', 'Menu baru')).toBe(1);
		expect(await edgeEventCount('sync.conflict', 'cloud_id', productId)).toBe(1);
		expect(await edgeEventCount('config.updated', 'outlet_id', JKT.id)).toBe(1);
	}, 180_000);
});
