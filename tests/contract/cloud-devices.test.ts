// The device registry over real HTTP (extension of the cloud contract): each till of an outlet holds its own device code, so
// order numbers stay unique across the outlet's tills; a code held by another device is refused with 409, a retry is idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudErrorBody, DeviceRegisterResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { BDG, cloud, JKT } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const reg = (o: typeof JKT, json: unknown) => cloud(server, o, '/devices', { json });

describe('device registry', () => {
	it('gives a device the code it asks for, again on retry, and refuses it to another device of the outlet', async () => {
		const first = await reg(JKT, { device_id: 'dev-1', device_code: 'B' });
		expect(first.status).toBe(200);
		const data = DeviceRegisterResponse.parse(first.body).data;
		expect(data).toMatchObject({ device_id: 'dev-1', device_code: 'B' });

		const again = await reg(JKT, { device_id: 'dev-1', device_code: 'B' });
		expect(again.status).toBe(200);
		expect(DeviceRegisterResponse.parse(again.body).data).toEqual(data);

		const taken = await reg(JKT, { device_id: 'dev-2', device_code: 'B' });
		expect(taken.status).toBe(409);
		expect(CloudErrorBody.parse(taken.body)).toMatchObject({ success: false, error: 'device_code_taken' });
		expect(taken.body.message).toBe(
			'Device code B is already used by another till of outlet JKT-001; choose another code'
		);

		// Another outlet has its own codes.
		expect((await reg(BDG, { device_id: 'dev-9', device_code: 'B' })).status).toBe(200);
	});

	it('assigns the first free code when none is asked for, keeps it for the same device, and moves a device to a new free code', async () => {
		const a = DeviceRegisterResponse.parse((await reg(JKT, { device_id: 'dev-3' })).body).data;
		expect(a.device_code).toBe('A');
		const c = DeviceRegisterResponse.parse((await reg(JKT, { device_id: 'dev-4' })).body).data;
		expect(c.device_code).toBe('C');
		expect(DeviceRegisterResponse.parse((await reg(JKT, { device_id: 'dev-3' })).body).data.device_code).toBe(
			'A'
		);
		const moved = DeviceRegisterResponse.parse(
			(await reg(JKT, { device_id: 'dev-3', device_code: 'T2' })).body
		).data;
		expect(moved.device_code).toBe('T2');
		// A is free again.
		expect(DeviceRegisterResponse.parse((await reg(JKT, { device_id: 'dev-5' })).body).data.device_code).toBe(
			'A'
		);
	});

	it('is documented in the OpenAPI document as an extension of the cloud contract', async () => {
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
			paths: Record<string, { post?: { summary?: string; responses?: Record<string, unknown> } }>;
		};
		const post = doc.paths['/api/v1/outlets/{outlet_id}/devices']?.post;
		expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(['200', '409']));
	});

	it('validates the code and needs the outlet key', async () => {
		const bad = await reg(JKT, { device_id: 'dev-6', device_code: 'b-1' });
		expect(bad.status).toBe(400);
		expect(bad.body.error).toBe('validation_error');
		const noKey = await cloud(server, JKT, '/devices', {
			json: { device_id: 'dev-6' },
			headers: { authorization: 'Bearer wrong' }
		});
		expect(noKey.status).toBe(401);
	});
});
