// Why: signing a cashier in with a PIN, and the one function every guarded action calls (`authorize`): it answers at once
// when the signed-in role is enough, else asks for the PIN of someone whose role is (the PIN dialog in the shell).
import { app } from '$lib/managers/app.svelte';
import { staff } from '$lib/managers/staff.svelte';
import {
	approversFor,
	REQUIRED_ROLE,
	roleAllows,
	staffRef,
	type Staff,
	type StaffAction,
	type StaffRef
} from '$lib/domain/staff';
import { checkDevicePin, verifyPinHash } from './pin.service';

/** The device's own manager PIN (set up in the wizard) as a person: the manager until staff are configured, and after. */
export const DEVICE_MANAGER: StaffRef = { id: 'device-manager', name: 'Manager', role: 'manager' };

/** The first of `candidates` whose PIN hash matches (PBKDF2 each: ~tens of ms per person on a tablet). */
export async function findByPin(pin: string, candidates: readonly Staff[]): Promise<Staff | null> {
	for (const s of candidates) if (await verifyPinHash(pin, s.pin_hash)) return s;
	return null;
}

/** Signs in the configured person with this PIN; null (nobody signed in changes) when no one has it. */
export async function signIn(pin: string): Promise<StaffRef | null> {
	const found = await findByPin(pin, staff.list);
	if (!found) return null;
	const ref = staffRef(found);
	staff.setSession(ref);
	// Manager mode (settings, conflicts) follows the person at the till: open for a manager, locked for anyone else.
	app.managerUnlocked = roleAllows(ref.role, 'settings');
	return ref;
}

export function signOut(): void {
	staff.setSession(null);
	app.managerUnlocked = false;
}

/** Opens the sign-in dialog over the current cashier (who stays signed in if it is cancelled). */
export function switchCashier(): void {
	staff.switching = true;
}

/** Who is acting on this till: the signed-in person, else (staff not configured) the HO user as before. */
export function currentActor(): { name: string; id: string | null } {
	const s = staff.current;
	if (s) return { name: s.name, id: s.id };
	return { name: app.settings?.ho_username || 'Kasir', id: null };
}

/** The PIN of someone allowed to do `action`: a configured approver, or the device manager PIN. */
export async function approverByPin(action: StaffAction, pin: string): Promise<StaffRef | null> {
	const found = await findByPin(pin, approversFor(staff.list, action));
	if (found) return staffRef(found);
	if (await checkDevicePin(pin)) return DEVICE_MANAGER;
	return null;
}

/**
 * Resolves to who allows `action`: the signed-in person when their role is enough (no dialog), else the person whose PIN
 * was given in the approval dialog, or null when it was cancelled. Without configured staff, cashier-level actions pass
 * and anything above asks for the device manager PIN (or passes while manager mode is unlocked, as before).
 */
export function authorize(action: StaffAction): Promise<StaffRef | null> {
	const current = staff.current;
	if (current && roleAllows(current.role, action)) return Promise.resolve(current);
	if (!staff.enabled && REQUIRED_ROLE[action] === 'cashier')
		return Promise.resolve({ id: '', name: currentActor().name, role: 'cashier' });
	if (!staff.enabled && app.managerUnlocked) return Promise.resolve(DEVICE_MANAGER);
	staff.request?.resolve(null);
	return new Promise((resolve) => {
		staff.request = { action, resolve };
	});
}

/** The approval dialog's answer: checks the PIN; true when the request was granted. */
export async function answerApproval(pin: string): Promise<boolean> {
	const req = staff.request;
	if (!req) return false;
	const approver = await approverByPin(req.action, pin);
	if (!approver) return false;
	if (approver === DEVICE_MANAGER && !staff.enabled) app.managerUnlocked = true;
	staff.request = null;
	req.resolve(approver);
	return true;
}

export function cancelApproval(): void {
	const req = staff.request;
	staff.request = null;
	req?.resolve(null);
}
