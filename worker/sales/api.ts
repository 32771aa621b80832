// Why: the selling screen's writes made in the worker, so the UI thread needs no RxDB to sell: the tab's draft, the order
// numbers, the paid order's ONE write (resolving once RxDB's write has), its derived records and the table's release.
// Answers are plain JSON; expected outcomes are results, never thrown (comlink would drop an error's code).
import { setMeta } from '../../src/lib/db/meta';
import {
	deriveTransactions,
	draftKey,
	drawCounter,
	openShiftDoc,
	setTable,
	type CartDraft
} from '../../src/lib/db/sales';
import type { OrderDoc, ShiftDoc, SplitPartPlan, StoredPayment } from '../../src/lib/db/types';
import type { ChargeSettings } from '../../src/lib/domain/totals';
import type { Ctx } from '../context';
import * as orders from './orders';
import { startSales, type StartedSales } from './start';

export function salesHandlers(ctx: Ctx) {
	return {
		/**
		 * Start-up repair and this tab's cart (its draft, or a dead tab's taken over), under the `kasir-sales-start` Web Lock;
		 * the tab holds `kasir-tab:<tabId>` for its life.
		 */
		async startSales(tabId: string): Promise<StartedSales> {
			// On every start's path (the UI thread no longer opens the database): loaded with the worker.
			return startSales(ctx, tabId);
		},

		/** Writes this tab's draft (the sale in progress), resolving once it is stored. */
		async saveDraft(draft: CartDraft): Promise<void> {
			await setMeta(ctx.db, draftKey(draft.tab_id), draft);
		},

		/** Draws the next running number of a day's counter (order:<yyyymmdd>:<OUTLET>[:<DEVICE>]), never one in use. */
		async drawNumber(counter: string): Promise<number> {
			return drawCounter(ctx.db, counter);
		},

		/** One order as stored (null: none with this id). */
		async readOrder(localId: string): Promise<OrderDoc | null> {
			const doc = await ctx.db.orders.findOne(localId).exec();
			return doc ? doc.toMutableJSON() : null;
		},

		/** The shift open on this device (null: none). */
		async readOpenShift(): Promise<ShiftDoc | null> {
			return openShiftDoc(ctx.db);
		},

		/**
		 * An order's ONE write from the cart (held, sent, paid), resolved when RxDB's write has. `insert`: a sale never written
		 * before, refused (false, nothing written) when a document with its id exists (paid before a crash, written by another
		 * tab); otherwise written over the stored order.
		 */
		async storeOrder(order: OrderDoc, insert: boolean): Promise<boolean> {
			if (!insert) {
				await ctx.db.orders.upsert(order);
				return true;
			}
			try {
				await ctx.db.orders.insert(order);
				return true;
			} catch (e) {
				if (e instanceof Error && 'code' in e && e.code === 'CONFLICT') return false;
				throw e;
			}
		},

		/**
		 * A new sale's paid order inserted in one trip: the worker fills `shift_id` from the open shift (read here, beside
		 * the write) and inserts it. `exists`: the order is stored already (nothing written); `no_shift`: no shift is open
		 * and the outlet opens one by itself at a first sale (`autoOpenShift`), so nothing is written and the page opens
		 * it, then stores the order as before. The answer names the shift written.
		 */
		async insertPaidOrder(
			order: OrderDoc,
			autoOpenShift: boolean
		): Promise<{ outcome: 'stored' | 'exists' | 'no_shift'; shift_id: string | null }> {
			const open = await openShiftDoc(ctx.db);
			if (!open && autoOpenShift) return { outcome: 'no_shift', shift_id: null };
			const doc = open ? { ...order, shift_id: open.local_id } : order;
			try {
				await ctx.db.orders.insert(doc);
				return { outcome: 'stored', shift_id: doc.shift_id ?? null };
			} catch (e) {
				if (e instanceof Error && 'code' in e && e.code === 'CONFLICT')
					return { outcome: 'exists', shift_id: null };
				throw e;
			}
		},

		/** Derives the transaction records of a completed order (idempotent); how many were added. */
		async deriveSale(order: OrderDoc): Promise<number> {
			return deriveTransactions(ctx.db, [order]);
		},

		/** The order's table follows it (taken while open, `bill` asked, released when paid or voided). */
		async followOrderTable(order: OrderDoc, bill = false): Promise<void> {
			await setTable(ctx.db, order, bill);
		},

		/** The open and sent orders to recall, newest first. */
		async listOpenOrders(): Promise<OrderDoc[]> {
			return orders.openOrders(ctx);
		},

		/** Voids a stored order (authorized by the caller) and frees its table. */
		async voidStoredOrder(localId: string, reason: string, by: { name: string; id: string | null }) {
			return orders.voidOrder(ctx, localId, reason, by);
		},

		/** The stored order's table asks for the bill (and a new version of it when open orders are shared). */
		async askBillFor(localId: string): Promise<void> {
			await orders.askBill(ctx, localId);
		},

		/** Pays a stored open order (a split part) with these payments: one write, its transactions, its table. */
		async payStoredOrder(localId: string, payments: StoredPayment[], paidAt: string, shiftId: string | null) {
			return orders.payStoredOrder(ctx, localId, payments, paidAt, shiftId);
		},

		/** Splits a stored open order by this plan (written first in the original, then finished). */
		async splitStoredOrder(localId: string, plan: SplitPartPlan[]) {
			return orders.splitOrder(ctx, localId, plan);
		},

		/** Moves a table's open orders to a free table. */
		async moveTableOrders(from: string, to: string) {
			return orders.moveTable(ctx, from, to);
		},

		/** Merges table `from`'s open orders into table `to`'s oldest, totals with the outlet's charges. */
		async mergeTableOrders(from: string, to: string, charges: ChargeSettings) {
			return orders.mergeTables(ctx, from, to, charges);
		}
	};
}

export type SalesApi = ReturnType<typeof salesHandlers>;
