// Why: shifts (with their cash movements inside) go to the cloud like orders: pending ones in one request,
// each result written back; a shift changed while in flight (version moved on) stays pending.
import type { ShiftPush } from '../../src/lib/contract/cloud';
import { listShifts, shiftKey } from '../../src/lib/db/meta';
import type { ShiftDoc } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { cloudRequest } from '../cloud/client';

function wire(d: ShiftDoc): ShiftPush {
	return {
		local_id: d.local_id,
		outlet_id: d.outlet_id,
		outlet_code: d.outlet_code,
		device_id: d.device_id,
		status: d.status,
		opening_cash: d.opening_cash,
		opened_at: d.opened_at,
		opened_by: d.opened_by,
		auto_opened: d.auto_opened,
		business_date: d.business_date,
		movements: d.movements,
		closed_at: d.closed_at,
		closed_by: d.closed_by,
		expected: d.expected,
		counted: d.counted,
		variance: d.variance,
		manager_approved: d.manager_approved,
		version: d.version
	};
}

/** Pushes every pending shift; returns how many the cloud accepted. */
export async function pushShifts(ctx: Ctx): Promise<number> {
	const pending = (await listShifts(ctx.db)).filter((s) => s.sync_status !== 'synced');
	if (!pending.length) return 0;
	const r = await cloudRequest(ctx, '/shifts', 'ShiftsPushResponse', {
		method: 'POST',
		body: { items: pending.map(wire) }
	});
	let n = 0;
	for (const sent of pending) {
		const res = r.data.results.find((x) => x.local_id === sent.local_id);
		const doc = await ctx.db.meta.findOne(shiftKey(sent.local_id)).exec();
		if (!doc) continue;
		await doc.incrementalModify((m) => {
			const d = m.value as ShiftDoc;
			const edited = d.version > sent.version;
			const next: ShiftDoc =
				res?.status === 'success'
					? {
							...d,
							cloud_id: res.cloud_id ?? d.cloud_id,
							synced_version: Math.max(d.synced_version, sent.version),
							synced_at: r.data.synced_at,
							sync_status: edited ? 'pending' : 'synced',
							sync_error: null
						}
					: { ...d, sync_status: edited ? 'pending' : 'failed', sync_error: res?.error ?? 'no result' };
			return { ...m, value: next };
		});
		if (res?.status === 'success') n++;
	}
	return n;
}
