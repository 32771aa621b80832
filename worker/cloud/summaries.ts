// Why: daily summaries go to the cloud hourly (seed 004's medium priority); a later push of the same day replaces the earlier one.
import { listDailySummaries, saveDailySummary } from '../../src/lib/db/meta';
import type { Ctx } from '../context';
import { cloudRequest } from './client';

export async function pushDailySummaries(ctx: Ctx): Promise<number> {
	const s = await ctx.settings();
	let n = 0;
	for (const doc of await listDailySummaries(ctx.db)) {
		if (doc.sync_status === 'synced') continue;
		await cloudRequest(ctx, '/analytics/daily', 'DailySummaryPushResponse', {
			method: 'POST',
			body: { outlet_id: doc.outlet_id, outlet_code: s.outlet_code, date: doc.date, summary: doc.summary }
		});
		await saveDailySummary(ctx.db, {
			...doc,
			sync_status: 'synced',
			synced_at: new Date().toISOString(),
			sync_error: null
		});
		n++;
	}
	return n;
}
