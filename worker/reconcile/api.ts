// Why: the reconciliation handlers the UI calls: check a business day now, or send a day's differing orders again.
import type { Ctx } from '../context';
import { reconcileDay, resendOrders } from './run';

export function reconcileHandlers(ctx: Ctx, nudge: () => void) {
	return {
		reconcileDay: (date: string) => reconcileDay(ctx, date),
		async resendOrders(date: string, localIds: string[]): Promise<number> {
			const n = await resendOrders(ctx, date, localIds);
			if (n) nudge();
			return n;
		}
	};
}
export type ReconcileApi = ReturnType<typeof reconcileHandlers>;
