// Device registry (an extension of the seed-004 cloud contract): each till of an outlet holds its own device code, the part of
// its order numbers that keeps them unique across the outlet's tills. A code held by another device id is refused with 409.
import { createRoute } from '@hono/zod-openapi';
import {
	CloudErrorBody,
	DeviceRegisterRequest,
	DeviceRegisterResponse,
	OutletParams,
	type DeviceRegistration
} from '../../src/lib/contract/cloud.ts';
import type { Deps } from '../deps.ts';
import type { Queryable } from '../db/types.ts';
import { isoUs } from '../db/sql.ts';
import { HttpError } from '../http/envelope.ts';
import { errorResponses, jsonBody, okJson, outletRoute, type CloudApp, type Outlet } from './http.ts';

const register = createRoute({
	...outletRoute,
	method: 'post',
	path: '/api/v1/outlets/{outlet_id}/devices',
	summary:
		"Registers this till's device code in the outlet (idempotent for the same device id); without a code, the first free one (A, B, … Z, A1, …) is assigned",
	request: { params: OutletParams, body: jsonBody(DeviceRegisterRequest) },
	responses: {
		200: okJson(DeviceRegisterResponse, 'The code this device holds'),
		409: okJson(CloudErrorBody, 'device_code_taken: another device of this outlet holds the code'),
		...errorResponses(400, 401, 403, 429)
	}
});

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A, B, … Z, A1 … Z1, A2 …: the order in which free codes are handed out. */
function candidate(i: number): string {
	const letter = LETTERS[i % 26] ?? 'A';
	const round = Math.floor(i / 26);
	return round === 0 ? letter : `${letter}${round}`;
}

const COLUMNS = `device_id, device_code, ${isoUs('registered_at')} as registered_at`;

async function holder(q: Queryable, outletId: string, code: string) {
	const { rows } = await q.query<DeviceRegistration>(
		`select ${COLUMNS} from cloud_devices where outlet_id = $1 and device_code = $2`,
		[outletId, code]
	);
	return rows[0];
}

export async function registerDevice(
	q: Queryable,
	outlet: Outlet,
	deviceId: string,
	wanted: string | undefined
): Promise<DeviceRegistration> {
	// One registration at a time per outlet: two tills asking for the same free code cannot both get it.
	await q.query('select pg_advisory_xact_lock(hashtext($1))', [`devices:${outlet.id}`]);
	const { rows: mine } = await q.query<DeviceRegistration>(
		`select ${COLUMNS} from cloud_devices where outlet_id = $1 and device_id = $2`,
		[outlet.id, deviceId]
	);
	const current = mine[0];
	if (current && (wanted === undefined || wanted === current.device_code)) return current;
	let code = wanted;
	if (code !== undefined) {
		const other = await holder(q, outlet.id, code);
		if (other && other.device_id !== deviceId)
			throw new HttpError(
				409,
				'device_code_taken',
				`Device code ${code} is already used by another till of outlet ${outlet.code}; choose another code`,
				{ device_code: code }
			);
	} else {
		for (let i = 0; code === undefined; i++)
			if (!(await holder(q, outlet.id, candidate(i)))) code = candidate(i);
	}
	await q.query('delete from cloud_devices where outlet_id = $1 and device_id = $2', [outlet.id, deviceId]);
	const { rows } = await q.query<DeviceRegistration>(
		`insert into cloud_devices (outlet_id, device_code, device_id) values ($1, $2, $3) returning ${COLUMNS}`,
		[outlet.id, code, deviceId]
	);
	return rows[0] as DeviceRegistration;
}

export function registerDevices(app: CloudApp, deps: Deps): void {
	app.openapi(register, async (c) => {
		const body = c.req.valid('json');
		const outlet = c.get('outlet');
		const data = await deps.db.tx((q) => registerDevice(q, outlet, body.device_id, body.device_code));
		return c.json({ success: true as const, data }, 200);
	});
}
