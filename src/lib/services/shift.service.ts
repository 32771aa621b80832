// Why: the cashier's shift as the sale needs it, fully offline: the open shift, opening one (with starting cash, or by
// itself at the first sale); one write of the shift document, pending for the push. Cash in/out and the close are the
// shift screen's (shift-close.service.ts), loaded with it.
import type { KasirDatabase, ShiftDoc } from '$lib/db';
import { businessDate } from '$lib/domain/business-day';
import { app } from '$lib/managers/app.svelte';
import { AppError } from './error.service';
import { sales } from './sales-client';
import { currentActor } from './staff.service';

const nowIso = () => new Date().toISOString();

/** `meta`'s reads and writes load with the UI thread's database (the selling screen loads neither). */
const metaStore = () => import('$lib/db/meta');

async function deviceId(db: KasirDatabase): Promise<string> {
	const { getMeta, META } = await metaStore();
	await db.meta.insertIfNotExists({ key: META.deviceId, value: crypto.randomUUID(), updated_at: nowIso() });
	return String((await getMeta<string>(db, META.deviceId)) ?? '');
}

/** The shift open on this device, if any (one at most). */
export async function openShiftOf(db: KasirDatabase): Promise<ShiftDoc | null> {
	const { listShifts } = await metaStore();
	return (await listShifts(db)).find((s) => s.status === 'open') ?? null;
}

/** The outlet's configured defaults for shifts. */
export function shiftConfig(): { openingCash: number; threshold: number; autoOpen: boolean } {
	const c = app.store?.config;
	return {
		openingCash: Number.isSafeInteger(c?.opening_cash) ? Number(c?.opening_cash) : 0,
		threshold: Number.isSafeInteger(c?.variance_threshold) ? Number(c?.variance_threshold) : 0,
		autoOpen: c?.auto_open_shift === true
	};
}

/**
 * Opens a shift (the shift screen, or by itself at a first sale when configured): a rare path on the selling screen, so
 * it opens the UI thread's database and loads `meta`'s code when it runs.
 */
export async function openShift(openingCash: number, auto = false): Promise<ShiftDoc> {
	const db = await app.database();
	const { saveShift } = await metaStore();
	const s = app.settings;
	if (!s?.outlet_id) throw new AppError('not_configured');
	if (await openShiftOf(db)) throw new AppError('shift_already_open');
	if (!Number.isSafeInteger(openingCash) || openingCash < 0) throw new AppError('invalid_amount');
	const now = nowIso();
	const doc: ShiftDoc = {
		local_id: `SHIFT-${crypto.randomUUID()}`,
		outlet_id: s.outlet_id,
		outlet_code: s.outlet_code,
		device_id: await deviceId(db),
		status: 'open',
		opening_cash: openingCash,
		opened_at: now,
		opened_by: currentActor().name,
		auto_opened: auto,
		business_date: businessDate(now, app.timeZone, app.dayStart),
		movements: [],
		closed_at: null,
		closed_by: null,
		expected: null,
		counted: null,
		variance: null,
		manager_approved: false,
		version: 1,
		created_at: now,
		updated_at: now,
		cloud_id: null,
		synced_version: 0,
		synced_at: null,
		sync_status: 'pending',
		sync_error: null
	};
	await saveShift(db, doc);
	return doc;
}

/**
 * The shift an order being written belongs to: the open one; at a payment with none open and the outlet's
 * `auto_open_shift` on, a shift opens by itself with the configured starting cash.
 */
export async function shiftIdForOrder(
	status: string,
	current: string | null,
	/** The open shift as the caller just read it (null: none is open), so it is not read again. */
	known?: ShiftDoc | null
): Promise<string | null> {
	const open = known !== undefined ? known : await sales().readOpenShift();
	if (open) return open.local_id;
	const cfg = shiftConfig();
	if (status === 'paid' && cfg.autoOpen) return (await openShift(cfg.openingCash, true)).local_id;
	return current;
}
