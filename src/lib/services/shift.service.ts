// Why: the cashier's shift actions, fully offline: open (with starting cash, or by itself at the first sale),
// cash in/out, close with counted amounts (manager PIN beyond the variance threshold); each is one write of
// the shift document, pending for the push. Closing reconciles the shift's business days when online.
import {
	getMeta,
	listShifts,
	loadShiftOrders,
	META,
	saveShift,
	shiftKey,
	type KasirDatabase,
	type OrderDoc,
	type ShiftDoc
} from '$lib/db';
import { businessDate, datesBetween } from '$lib/domain/business-day';
import {
	checkMovement,
	needsManagerPin,
	shiftTotals,
	variance,
	zeroPerMethod,
	type PerMethod,
	type ShiftTotals
} from '$lib/domain/shift';
import { app } from '$lib/managers/app.svelte';
import { AppError } from './error.service';
import { checkDay } from './reconcile.service';
import { currentActor } from './staff.service';

const nowIso = () => new Date().toISOString();

async function deviceId(db: KasirDatabase): Promise<string> {
	await db.meta.insertIfNotExists({ key: META.deviceId, value: crypto.randomUUID(), updated_at: nowIso() });
	return String((await getMeta<string>(db, META.deviceId)) ?? '');
}

/** The shift open on this device, if any (one at most). */
export async function openShiftOf(db: KasirDatabase): Promise<ShiftDoc | null> {
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

export async function openShift(openingCash: number, auto = false): Promise<ShiftDoc> {
	const db = app.requireDb();
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
	const db = app.requireDb();
	const open = known !== undefined ? known : await openShiftOf(db);
	if (open) return open.local_id;
	const cfg = shiftConfig();
	if (status === 'paid' && cfg.autoOpen) return (await openShift(cfg.openingCash, true)).local_id;
	return current;
}

/** Changes the shift document in one atomic write (a movement and its shift never part). */
async function modifyShift(localId: string, f: (d: ShiftDoc) => ShiftDoc): Promise<ShiftDoc> {
	const db = app.requireDb();
	const doc = await db.meta.findOne(shiftKey(localId)).exec();
	if (!doc) throw new AppError('not_found');
	let out: ShiftDoc | null = null;
	await doc.incrementalModify((m) => {
		const next = f(m.value as ShiftDoc);
		out = next;
		return { ...m, value: next, updated_at: next.updated_at };
	});
	if (!out) throw new AppError('not_found');
	return out;
}

/** The shift's orders, read through the business_date index over the days it spans. */
export async function shiftOrders(shift: ShiftDoc): Promise<OrderDoc[]> {
	const last = businessDate(shift.closed_at ?? Date.now(), app.timeZone, app.dayStart);
	return loadShiftOrders(app.requireDb(), shift, last);
}

export async function totalsOf(shift: ShiftDoc): Promise<ShiftTotals> {
	return shiftTotals(shift, await shiftOrders(shift));
}

export async function addMovement(kind: 'in' | 'out', amount: number, reason: string): Promise<ShiftDoc> {
	const db = app.requireDb();
	const open = await openShiftOf(db);
	if (!open) throw new AppError('no_open_shift');
	const totals = await totalsOf(open);
	const ok = checkMovement(kind, amount, reason, totals.expected.cash);
	if (!ok.ok) throw new AppError(ok.code);
	const now = nowIso();
	return modifyShift(open.local_id, (d) => ({
		...d,
		movements: [
			...d.movements,
			{ local_id: crypto.randomUUID(), kind, amount, reason: reason.trim(), at: now }
		],
		version: d.version + 1,
		updated_at: now,
		sync_status: 'pending',
		sync_error: null
	}));
}

export type ClosePreview = {
	expected: PerMethod;
	variance: PerMethod & { total: number };
	needsPin: boolean;
};

export async function previewClose(shift: ShiftDoc, counted: PerMethod): Promise<ClosePreview> {
	const totals = await totalsOf(shift);
	const v = variance(totals.expected, counted);
	return { expected: totals.expected, variance: v, needsPin: needsManagerPin(v, shiftConfig().threshold) };
}

/** Closes the open shift; refused without the manager PIN when the variance is beyond the threshold. */
export async function closeShift(counted: PerMethod, managerApproved: boolean): Promise<ShiftDoc> {
	const db = app.requireDb();
	const open = await openShiftOf(db);
	if (!open) throw new AppError('no_open_shift');
	const p = await previewClose(open, counted);
	if (p.needsPin && !managerApproved) throw new AppError('manager_pin_required');
	const now = nowIso();
	const closed = await modifyShift(open.local_id, (d) => ({
		...d,
		status: 'closed',
		closed_at: now,
		closed_by: currentActor().name,
		expected: p.expected,
		counted: { ...zeroPerMethod(), ...counted },
		variance: p.variance,
		manager_approved: p.needsPin && managerApproved,
		version: d.version + 1,
		updated_at: now,
		sync_status: 'pending',
		sync_error: null
	}));
	return closed;
}

/** Closing runs the shift's days' reconciliation (offline it is kept pending and reruns after the next sync). */
export async function reconcileShiftDays(shift: ShiftDoc): Promise<void> {
	const last = businessDate(shift.closed_at ?? Date.now(), app.timeZone, app.dayStart);
	for (const date of datesBetween(shift.business_date, last, 7)) await checkDay(date);
}
