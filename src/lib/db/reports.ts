// Why: a report over a range reads one business day at a time through the business_date index and folds each
// into the accumulator, so memory holds one day's orders, never every order of the device.
import { datesBetween } from '../domain/business-day';
import { addToReport, finishReport, startReport, type SalesReport } from '../domain/report';
import type { OutletTimeZone } from '../domain/time';
import type { KasirDatabase } from './database';

/** At most a year per report. */
export const MAX_REPORT_DAYS = 366;

export async function loadSalesReport(
	db: KasirDatabase,
	from: string,
	to: string,
	timeZone: OutletTimeZone
): Promise<SalesReport> {
	const acc = startReport(from, to, timeZone);
	for (const date of datesBetween(from, to, MAX_REPORT_DAYS)) {
		const docs = await db.orders.find({ selector: { business_date: date } }).exec();
		for (const d of docs) addToReport(acc, d.toJSON());
	}
	return finishReport(acc);
}
