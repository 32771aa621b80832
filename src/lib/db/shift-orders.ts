// Why: a shift's orders are read through the business_date index over the business days the shift spans, never by loading every order.
import type { KasirDatabase } from './database';
import type { OrderDoc, ShiftDoc } from './types';

/** Orders stamped with the shift, from its first business day to `lastDate` (its close, or today). */
export async function loadShiftOrders(
	db: KasirDatabase,
	shift: ShiftDoc,
	lastDate: string
): Promise<OrderDoc[]> {
	const from = shift.business_date;
	const to = lastDate < from ? from : lastDate;
	const docs = await db.orders.find({ selector: { business_date: { $gte: from, $lte: to } } }).exec();
	return docs.map((d) => d.toJSON() as OrderDoc).filter((o) => o.shift_id === shift.local_id);
}
