// Why: the shift screen's actions, fully offline: its orders and totals, cash in/out, close with counted amounts (manager
// PIN beyond the variance threshold); each is one write of the shift document, pending for the push. Closing reconciles
// the shift's business days when online. Apart from shift.service.ts (what the sale needs) so the selling screen does
// not load them.
import { loadShiftOrders, shiftKey, type OrderDoc, type ShiftDoc } from '$lib/db';
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
import { openShiftOf, shiftConfig } from './shift.service';
import { currentActor } from './staff.service';

const nowIso = () => new Date().toISOString();

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
