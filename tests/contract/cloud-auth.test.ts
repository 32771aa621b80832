// Cloud auth over real HTTP: API key, X-Outlet-ID / X-Outlet-Code, outlet isolation, error envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudErrorBody, SyncStatusResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { BDG, cloud, JKT, MLG, order } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const expectError = (r: { status: number; body: unknown }, status: number, error: string) => {
	expect(r.status).toBe(status);
	const body = CloudErrorBody.parse(r.body);
	expect(body.error).toBe(error);
	expect(body.message.length).toBeGreaterThan(5);
	return body;
};

describe('cloud auth', () => {
	it('answers 401 unauthorized without an Authorization header', async () => {
		const r = await cloud(server, JKT, '/updates', { headers: { authorization: '' } });
		const body = expectError(r, 401, 'unauthorized');
		expect(body.message).toMatch(/Bearer/);
	});

	it('answers 401 for an unknown key, and the key never shows in the log', async () => {
		const r = await cloud(server, JKT, '/updates', {
			headers: { authorization: 'Bearer not-a-real-key-123' }
		});
		expectError(r, 401, 'unauthorized');
		expect(server.output()).not.toContain('not-a-real-key-123');
		expect(server.output()).not.toContain('Bearer demo-key');
	});

	it("answers 403 when the key is another outlet's (same company and other company)", async () => {
		// JKT's key on BDG's path (headers naming BDG, as a confused client would send)
		const r1 = await cloud(server, { ...BDG, key: JKT.key }, '/updates');
		expectError(r1, 403, 'forbidden');
		const r2 = await cloud(server, { ...MLG, key: JKT.key }, '/orders', { json: order(MLG) });
		expectError(r2, 403, 'forbidden');
		const r3 = await cloud(server, { ...JKT, key: MLG.key }, '/updates');
		expectError(r3, 403, 'forbidden');
	});

	it('answers 403 when X-Outlet-ID or X-Outlet-Code disagree with the key, 400 when missing', async () => {
		expectError(
			await cloud(server, JKT, '/updates', { headers: { 'x-outlet-id': BDG.id } }),
			403,
			'forbidden'
		);
		expectError(
			await cloud(server, JKT, '/updates', { headers: { 'x-outlet-code': 'BDG-001' } }),
			403,
			'forbidden'
		);
		const noId = await fetch(`${server.url}/api/v1/outlets/${JKT.id}/updates`, {
			headers: { authorization: `Bearer ${JKT.key}`, 'x-outlet-code': JKT.code }
		});
		expect(noId.status).toBe(400);
		expect(CloudErrorBody.parse(await noId.json()).message).toMatch(/X-Outlet-ID/);
	});

	it('answers 403 when a body names another outlet', async () => {
		const r = await cloud(server, JKT, '/orders', { json: order(JKT, { outlet_id: BDG.id }) });
		const body = expectError(r, 403, 'forbidden');
		expect(body.message).toMatch(/outlet_id/);
	});

	it("keeps outlets apart: one outlet's orders do not show in another's status", async () => {
		const before = SyncStatusResponse.parse((await cloud(server, BDG, '/sync/status')).body).data;
		const pushed = await cloud(server, JKT, '/orders', { json: order(JKT) });
		expect(pushed.status).toBe(200);
		const jkt = SyncStatusResponse.parse((await cloud(server, JKT, '/sync/status')).body).data;
		const bdg = SyncStatusResponse.parse((await cloud(server, BDG, '/sync/status')).body).data;
		expect(jkt.orders).toBeGreaterThanOrEqual(1);
		expect(bdg.orders).toBe(before.orders);
		expect(jkt.outlet_code).toBe('JKT-001');
	});

	it('answers bad input in the cloud envelope: broken JSON, missing field, wrong type', async () => {
		const broken = await cloud(server, JKT, '/orders', { body: '{"local_id": "x",' });
		expectError(broken, 400, 'invalid_json');
		const missing = await cloud(server, JKT, '/orders', { json: { ...order(JKT), total_amount: undefined } });
		expect(expectError(missing, 400, 'validation_error').message).toBe('total_amount is required');
		const wrong = await cloud(server, JKT, '/orders', { json: { ...order(JKT), pax: 'four' } });
		expect(expectError(wrong, 400, 'validation_error').message).toMatch(/^pax/);
	});

	it('answers an unknown outlet path 404 in the cloud envelope', async () => {
		const r = await cloud(server, JKT, '/menus');
		expect(r.status).toBe(404);
		expect(r.body).toMatchObject({ success: false, error: 'not_found' });
	});

	it('documents every cloud route in /api/openapi.json', async () => {
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
			paths: Record<string, unknown>;
		};
		for (const p of [
			'orders',
			'transactions',
			'products',
			'sync/batch',
			'updates',
			'conflicts',
			'conflicts/{conflict_id}/resolve',
			'analytics/daily',
			'events'
		])
			expect(Object.keys(doc.paths)).toContain(`/api/v1/outlets/{outlet_id}/${p}`);
	});
});
