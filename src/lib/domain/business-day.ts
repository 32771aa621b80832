// Why: one rule decides an order's business day (the outlet's zone plus a day boundary such as 05:00,
// since F&B often sells after midnight), shared by the till, daily analytics, reports and the cloud's reconciliation.
import { localParts, toEpochMs, type OutletTimeZone } from './time';

/** Indonesia's three zones; none observes daylight saving, so each is a fixed offset. */
export const INDONESIAN_ZONES = {
	WIB: 'Asia/Jakarta',
	WITA: 'Asia/Makassar',
	WIT: 'Asia/Jayapura'
} as const;

/** The default day boundary: sales before 05:00 belong to the previous business day. */
export const DEFAULT_DAY_START = '05:00';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an "HH:MM" boundary; an unreadable value falls back to 05:00. */
export function dayStartMinutes(dayStart: string | null | undefined): number {
	const m = HHMM.exec(dayStart ?? '');
	if (!m) return 5 * 60;
	return Number(m[1]) * 60 + Number(m[2]);
}

export function isDayStart(value: unknown): value is string {
	return typeof value === 'string' && HHMM.test(value);
}

/** The boundary an outlet's config names, or the default. */
export function dayStartOf(config: { business_day_start?: unknown } | null | undefined): string {
	const v = config?.business_day_start;
	return isDayStart(v) ? v : DEFAULT_DAY_START;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function ymd(y: number, m: number, d: number): string {
	return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** "YYYY-MM-DD" shifted by whole days (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The business date "YYYY-MM-DD" of an instant: its outlet-local wall clock minus the day boundary. */
export function businessDate(
	instant: string | number | Date,
	timeZone: OutletTimeZone,
	dayStart: string = DEFAULT_DAY_START
): string {
	const ms = toEpochMs(instant);
	const p = localParts(ms - dayStartMinutes(dayStart) * 60_000, timeZone);
	return ymd(p.year, p.month, p.day);
}

/** The zone's offset from UTC at an instant, in minutes (constant for WIB/WITA/WIT). */
export function zoneOffsetMinutes(instant: number, timeZone: OutletTimeZone): number {
	if (typeof timeZone !== 'string') return timeZone.offset_minutes;
	const p = localParts(instant, timeZone);
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The half-open UTC interval [from, to) of a business date: from the boundary on that date to the
 * boundary on the next. Exact for fixed-offset zones (all of Indonesia); the cloud filters by it.
 */
export function businessDayRange(
	date: string,
	timeZone: OutletTimeZone,
	dayStart: string = DEFAULT_DAY_START
): { from: string; to: string } {
	const localStart = Date.parse(`${date}T00:00:00Z`) + dayStartMinutes(dayStart) * 60_000;
	if (!Number.isFinite(localStart)) throw new RangeError(`not a date: ${date}`);
	const offsetAt = (local: number) => {
		// Two passes settle the offset even where a zone's offset changes (not in Indonesia).
		const first = zoneOffsetMinutes(local, timeZone);
		return zoneOffsetMinutes(local - first * 60_000, timeZone);
	};
	const next = Date.parse(`${addDays(date, 1)}T00:00:00Z`) + dayStartMinutes(dayStart) * 60_000;
	return {
		from: new Date(localStart - offsetAt(localStart) * 60_000).toISOString(),
		to: new Date(next - offsetAt(next) * 60_000).toISOString()
	};
}

/** Every business date from `from` to `to` inclusive (at most `limit`, newest last). */
export function datesBetween(from: string, to: string, limit = 366): string[] {
	const out: string[] = [];
	for (let d = from; d <= to && out.length < limit; d = addDays(d, 1)) out.push(d);
	return out;
}
