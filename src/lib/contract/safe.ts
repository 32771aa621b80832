// Input hygiene shared by the server (every request, at the edge) and the worker: text that
// PostgreSQL and a JSON round-trip can hold, real calendar timestamps, and a nesting cap.
import { z } from 'zod';

/** Deepest JSON nesting a request may carry; the deepest real payload (an order's modifiers) is ~6. */
export const MAX_JSON_DEPTH = 32;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored (PostgreSQL text and jsonb refuse NUL; JSON refuses lone surrogates), or null. */
export function textProblem(s: string): string | null {
	if (s.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
	if (LONE_SURROGATE.test(s)) return 'must not contain a lone UTF-16 surrogate';
	return null;
}

export interface UnsafeJson {
	/** Dotted path of the offending value ("" for the root), e.g. "items.3.data.customer_name". */
	path: string;
	message: string;
}

/**
 * The first value of a parsed JSON document that cannot be stored: a string or key with NUL or a
 * lone surrogate, or nesting deeper than `maxDepth`. Iterative, so a hostile depth cannot overflow
 * the stack here (it would in JSON.stringify or a recursive canonicaliser later).
 */
export function findUnsafeJson(value: unknown, maxDepth = MAX_JSON_DEPTH): UnsafeJson | null {
	// Nearly every document is clean: say so without building a path per value; only a document with a problem is
	// walked again to name where it is.
	if (!anyUnsafe(value, maxDepth)) return null;
	const stack: { v: unknown; path: string[]; depth: number }[] = [{ v: value, path: [], depth: 0 }];
	while (stack.length) {
		const { v, path, depth } = stack.pop() as { v: unknown; path: string[]; depth: number };
		if (typeof v === 'string') {
			const problem = textProblem(v);
			if (problem) return { path: path.join('.'), message: problem };
			continue;
		}
		if (!v || typeof v !== 'object') continue;
		if (depth >= maxDepth)
			return { path: path.join('.'), message: `is nested deeper than ${maxDepth} levels` };
		const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
		for (let i = entries.length - 1; i >= 0; i--) {
			const [k, x] = entries[i] as readonly [string, unknown];
			const keyProblem = textProblem(k);
			if (keyProblem) return { path: [...path, '<key>'].join('.'), message: `key ${keyProblem}` };
			stack.push({ v: x, path: [...path, k], depth: depth + 1 });
		}
	}
	return null;
}

const SURROGATE = /[\ud800-\udfff]/;
/** `textProblem(s) !== null`, answered by two scans for the characters it looks at before any other work. */
const unsafeText = (s: string) => (s.includes('\u0000') || SURROGATE.test(s)) && textProblem(s) !== null;

/** Whether `findUnsafeJson` finds anything: the same walk, with no paths and no entry arrays. */
function anyUnsafe(value: unknown, maxDepth: number): boolean {
	const values: unknown[] = [value];
	const depths: number[] = [0];
	while (values.length) {
		const v = values.pop();
		const depth = depths.pop() ?? 0;
		if (typeof v === 'string') {
			if (unsafeText(v)) return true;
			continue;
		}
		if (!v || typeof v !== 'object') continue;
		if (depth >= maxDepth) return true;
		if (Array.isArray(v)) {
			for (const x of v as unknown[]) {
				values.push(x);
				depths.push(depth + 1);
			}
			continue;
		}
		for (const k of Object.keys(v)) {
			if (unsafeText(k)) return true;
			values.push((v as Record<string, unknown>)[k]);
			depths.push(depth + 1);
		}
	}
	return false;
}

/** "field must …", or just the message at the root. */
export const describeUnsafe = (u: UnsafeJson, prefix = '') => {
	const path = [prefix, u.path].filter(Boolean).join('.');
	return path ? `${path} ${u.message}` : `Body ${u.message}`;
};

const DATE_PARTS = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in month `m` (1-12) of year `y`, Gregorian (as `Date.UTC` counts them for the years 1900-9999 we accept). */
const daysIn = (y: number, m: number) =>
	m === 2
		? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
			? 29
			: 28
		: m === 4 || m === 6 || m === 9 || m === 11
			? 30
			: 31;
const realDate = (y: number, m: number, d: number) =>
	y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);

/** The form of an ISO 8601 date-time PostgreSQL takes; its numbers are read by position after it matched. */
const ISO_FORM = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d:?\d\d)$/;
/** The two-digit number at `at` of a string `ISO_FORM` matched. */
const num = (s: string, at: number) => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

/**
 * ISO 8601 date-time that PostgreSQL accepts as timestamptz: years 1900-9999, a real calendar
 * day (no Feb 30, no Apr 31), 00:00-23:59:59, an offset within ±14:00, Z or an offset required.
 * Three of them in every pushed order: the numbers are read by position, with no match array, no
 * `Number()` of substrings and no `Date` per call (1.6 -> ~0.5 µs); `Date.parse` still has the
 * last word. `safe.test.ts` holds it to the regular expression with groups it replaced.
 */
export function isIsoTimestamp(s: string): boolean {
	if (!ISO_FORM.test(s)) return false;
	const y = num(s, 0) * 100 + num(s, 2);
	if (y < 1900 || !realDate(y, num(s, 5), num(s, 8)) || num(s, 11) > 23 || num(s, 14) > 59) return false;
	if (s[16] === ':' && num(s, 17) > 59) return false;
	const n = s.length;
	if (s[n - 1] !== 'Z') {
		// ±HH:MM or ±HHMM at the end.
		const om = num(s, n - 2);
		if (om > 59 || num(s, s[n - 3] === ':' ? n - 5 : n - 4) * 60 + om > 14 * 60) return false;
	}
	return !Number.isNaN(Date.parse(s));
}

/** A calendar date YYYY-MM-DD that exists (years 1900-9999). */
export function isYmd(s: string): boolean {
	const m = DATE_PARTS.exec(s);
	if (!m) return false;
	const y = Number(m[1]);
	return y >= 1900 && realDate(y, Number(m[2]), Number(m[3]));
}

/** A string that PostgreSQL can store as text (no NUL, no lone surrogate). */
export const safeText = () =>
	z.string().superRefine((s, ctx) => {
		const problem = textProblem(s);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});
