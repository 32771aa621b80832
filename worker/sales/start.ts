// Why: every start, before the selling screen shows, the worker repairs what a crash left and hands the tab its cart back,
// under the origin's `kasir-sales-start` Web Lock (the one tabs took before the worker did it: two starts never interleave).
import { getMeta, setMeta } from '../../src/lib/db/meta';
import { draftKey, listDrafts, repairSales, type CartDraft, type RepairReport } from '../../src/lib/db/sales';
import { repairSplits } from '../../src/lib/db/splits';
import type { Ctx } from '../context';

/** Each tab holds `kasir-tab:<its id>` for its life (order.service.ts), so a start can tell which tabs are alive. */
export const TAB_LOCK = 'kasir-tab:';
export const SALES_START_LOCK = 'kasir-sales-start';

export interface StartedSales {
	report: RepairReport;
	/** The cart to restore: this tab's draft after a reload, or the draft of a tab that is gone (null: none). */
	draft: CartDraft | null;
}

async function liveTabs(ctx: Ctx): Promise<Set<string>> {
	return new Set(
		(await ctx.locks.held()).filter((n) => n.startsWith(TAB_LOCK)).map((n) => n.slice(TAB_LOCK.length))
	);
}

const emptyDraft = (d: CartDraft | undefined) =>
	!d || (!d.order_id && d.cart.lines.length === 0 && !d.spare_number);

/**
 * Repairs what a crash left (see repairSales; exclusive when no other tab is alive), finishes the splits and merges it cut,
 * then finds the tab `me`'s cart: its own draft, or else the newest non-empty draft of a tab that is not alive (a crash, a
 * killed browser), taken over (moved to `me`, keeping a spare number) so its sale and number are not lost.
 */
export async function startSales(ctx: Ctx, me: string): Promise<StartedSales> {
	const db = ctx.db;
	return ctx.locks.request(SALES_START_LOCK, {}, async () => {
		const alive = await liveTabs(ctx);
		alive.delete(me);
		const report = await repairSales(db, { exclusive: alive.size === 0 });
		// Splits and merges a crash cut between their writes are finished (idempotent).
		await repairSplits(db);
		let draft = await getMeta<CartDraft>(db, draftKey(me));
		if (emptyDraft(draft)) {
			const orphans = (await listDrafts(db))
				.filter((d) => d.tab_id !== me && !alive.has(d.tab_id))
				.filter((d) => !emptyDraft(d))
				.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
			const taken = orphans[0];
			if (taken) {
				draft = {
					...taken,
					tab_id: me,
					spare_number: taken.spare_number ?? draft?.spare_number ?? null,
					spare_key: taken.spare_key ?? draft?.spare_key ?? null
				};
				await setMeta(db, draftKey(me), draft);
				await db.meta.findOne(draftKey(taken.tab_id)).incrementalRemove();
			}
		}
		return { report, draft: draft ?? null };
	});
}
