// Why: the reconciliation handlers the UI calls: check a business day now, or send a day's differing orders again.
import type { Ctx } from '../context';

export function reconcileHandlers(ctx: Ctx, nudge: () => void) {
	return {
		// The reconciliation loads on first use (end of day), not with the worker.
		reconcileDay: async (date: string) => (await import('./run')).reconcileDay(ctx, date),
		async resendOrders(date: string, localIds: string[]): Promise<number> {
			const { resendOrders } = await import('./run');
			const n = await resendOrders(ctx, date, localIds);
			if (n) nudge();
			return n;
		}
	};
}
export type ReconcileApi = ReturnType<typeof reconcileHandlers>;
