// Why: business days and hours belong to the outlet's timezone, not the tablet's; the clock is always passed in.
/** An IANA zone ("Asia/Jakarta") or a fixed offset in minutes east of UTC (420 for WIB). */
export type OutletTimeZone = string | { offset_minutes: number };

export type LocalParts = {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
};

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

const partFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
	let f = partFormatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23'
		});
		partFormatters.set(timeZone, f);
	}
	return f;
}

/** Milliseconds since the epoch from an ISO string, a Date or a number; NaN when unreadable. */
export function toEpochMs(instant: string | number | Date): number {
	if (typeof instant === 'number') return instant;
	if (instant instanceof Date) return instant.getTime();
	return Date.parse(instant);
}

/** Wall-clock parts of an instant in the outlet's zone. Throws RangeError on an unreadable instant or zone. */
export function localParts(
	instant: string | number | Date,
	timeZone: OutletTimeZone = DEFAULT_TIME_ZONE
): LocalParts {
	const ms = toEpochMs(instant);
	if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(instant)}`);
	if (typeof timeZone !== 'string') {
		const d = new Date(ms + timeZone.offset_minutes * 60_000);
		return {
			year: d.getUTCFullYear(),
			month: d.getUTCMonth() + 1,
			day: d.getUTCDate(),
			hour: d.getUTCHours(),
			minute: d.getUTCMinutes(),
			second: d.getUTCSeconds()
		};
	}
	const out: Record<string, number> = {};
	for (const p of partsFormatter(timeZone).formatToParts(ms)) {
		if (p.type !== 'literal') out[p.type] = Number(p.value);
	}
	return {
		year: out.year ?? 0,
		month: out.month ?? 0,
		day: out.day ?? 0,
		hour: out.hour ?? 0,
		minute: out.minute ?? 0,
		second: out.second ?? 0
	};
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The outlet's business date "YYYY-MM-DD" for an instant. */
export function outletDate(
	instant: string | number | Date,
	timeZone: OutletTimeZone = DEFAULT_TIME_ZONE
): string {
	const p = localParts(instant, timeZone);
	return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The outlet's wall-clock hour 0-23 for an instant. */
export function outletHour(
	instant: string | number | Date,
	timeZone: OutletTimeZone = DEFAULT_TIME_ZONE
): number {
	return localParts(instant, timeZone).hour;
}

/** "27/01/2026 17:30" in the outlet's zone, fixed-width for receipts whatever the locale. */
export function formatOutletDateTime(
	instant: string | number | Date,
	timeZone: OutletTimeZone = DEFAULT_TIME_ZONE
): string {
	const p = localParts(instant, timeZone);
	return `${pad(p.day)}/${pad(p.month)}/${pad(p.year, 4)} ${pad(p.hour)}:${pad(p.minute)}`;
}
