// Routes (Kasir extension beside analytics): shifts and their cash movements, pushed like orders:
// idempotent by (outlet_id, local_id), a higher version replaces, one result per item.
import { randomUUID } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import {
	OutletParams,
	ShiftPush,
	ShiftsPushRequest,
	ShiftsPushResponse,
	type ShiftPushResult
} from '../../src/lib/contract/cloud.ts';
import type { Deps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import {
	cloudIssueMessage,
	errorResponses,
	jsonBody,
	okJson,
	outletRoute,
	type CloudApp,
	type Outlet
} from './http.ts';
import { checkBodyOutlet, stampPush } from './outlets.ts';

const push = createRoute({
	...outletRoute,
	method: 'post',
	path: '/api/v1/outlets/{outlet_id}/shifts',
	summary:
		'Kasir extension: push shifts with their cash movements; idempotent by local_id (a higher version replaces), per-item results',
	request: { params: OutletParams, body: jsonBody(ShiftsPushRequest) },
	responses: {
		200: okJson(ShiftsPushResponse, 'One result per item'),
		...errorResponses(400, 401, 403, 413, 429)
	}
});

type Stored = { cloud_id: string; version: number };

async function pushShift(db: Db, outlet: Outlet, s: ShiftPush): Promise<ShiftPushResult> {
	checkBodyOutlet(outlet, s);
	return db.tx(async (q) => {
		const { rows: found } = await q.query<Stored>(
			`select cloud_id::text as cloud_id, version from shifts where outlet_id = $1 and local_id = $2 for update`,
			[outlet.id, s.local_id]
		);
		const before = found[0];
		if (before && s.version <= before.version)
			return { local_id: s.local_id, status: 'success', cloud_id: before.cloud_id, version: before.version };
		const cols = [
			s.device_id,
			s.status,
			s.business_date,
			s.opening_cash,
			s.opened_at,
			s.closed_at,
			JSON.stringify(s.movements),
			JSON.stringify(s),
			s.version
		];
		const { rows } = before
			? await q.query<Stored>(
					`update shifts set device_id = $3, status = $4, business_date = $5, opening_cash = $6, opened_at = $7,
					        closed_at = $8, movements = $9, data = $10, version = $11, synced_at = now()
					  where outlet_id = $1 and local_id = $2 returning cloud_id::text as cloud_id, version`,
					[outlet.id, s.local_id, ...cols]
				)
			: await q.query<Stored>(
					`insert into shifts (cloud_id, outlet_id, local_id, device_id, status, business_date, opening_cash, opened_at,
					                     closed_at, movements, data, version)
					 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
					 returning cloud_id::text as cloud_id, version`,
					[randomUUID(), outlet.id, s.local_id, ...cols]
				);
		await stampPush(q, outlet.id);
		const row = rows[0] as Stored;
		return { local_id: s.local_id, status: 'success', cloud_id: row.cloud_id, version: row.version };
	});
}

export function registerShifts(app: CloudApp, deps: Deps): void {
	app.openapi(push, async (c) => {
		const outlet = c.get('outlet');
		const results: ShiftPushResult[] = [];
		for (const raw of c.req.valid('json').items) {
			const parsed = ShiftPush.safeParse(raw);
			const id = raw && typeof raw === 'object' && 'local_id' in raw ? String(raw.local_id) : '';
			if (!parsed.success) {
				results.push({ local_id: id, status: 'failed', error: cloudIssueMessage(parsed.error.issues) });
				continue;
			}
			try {
				results.push(await pushShift(deps.db, outlet, parsed.data));
			} catch (e) {
				results.push({ local_id: id, status: 'failed', error: e instanceof Error ? e.message : String(e) });
			}
		}
		const ok = results.filter((r) => r.status === 'success').length;
		return c.json(
			{
				success: true as const,
				data: {
					processed: results.length,
					success: ok,
					failed: results.length - ok,
					results,
					synced_at: new Date().toISOString()
				}
			},
			200
		);
	});
}
