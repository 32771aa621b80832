// Why: who is signed in on this till, the outlet's configured people and presets, and the one approval request the PIN
// dialog is answering; components read it, the staff service changes it.
import { validPresetList, type DiscountPreset } from '$lib/domain/discount';
import { isStaffRole, validStaffList, type StaffAction, type StaffRef } from '$lib/domain/staff';
import { app } from './app.svelte';

/** The signed-in person survives reloads on this device (every tab of one till shares the cashier). */
const SESSION_KEY = 'kasir.staff';

export type ApprovalRequest = {
	action: StaffAction;
	resolve: (approver: StaffRef | null) => void;
};

function readSession(): StaffRef | null {
	if (typeof localStorage === 'undefined') return null;
	try {
		const v: unknown = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
		if (typeof v !== 'object' || v === null) return null;
		const { id, name, role } = v as Record<string, unknown>;
		return typeof id === 'string' && typeof name === 'string' && isStaffRole(role)
			? { id, name, role }
			: null;
	} catch {
		return null;
	}
}

class StaffManager {
	#session = $state<StaffRef | null>(readSession());
	/** The approval the PIN dialog is asking for (null: none). */
	request = $state.raw<ApprovalRequest | null>(null);
	/** The sign-in dialog was asked for (switching cashier) while someone is signed in. */
	switching = $state(false);

	/** The outlet's people (empty: staff not configured; the till then works as before, with the manager PIN). */
	list = $derived(validStaffList(app.store?.config.staff));
	presets = $derived<DiscountPreset[]>(validPresetList(app.store?.config.discounts));
	enabled = $derived(this.list.length > 0);
	/** The signed-in person, if still configured (a person removed from the config is signed out). */
	current = $derived.by((): StaffRef | null => {
		const s = this.#session;
		if (!s) return null;
		const found = this.list.find((p) => p.id === s.id);
		return found ? { id: found.id, name: found.name, role: found.role } : null;
	});
	needsSignIn = $derived(this.enabled && (this.current === null || this.switching));

	setSession(ref: StaffRef | null): void {
		this.#session = ref;
		this.switching = false;
		if (typeof localStorage === 'undefined') return;
		if (ref) localStorage.setItem(SESSION_KEY, JSON.stringify(ref));
		else localStorage.removeItem(SESSION_KEY);
	}
}

export const staff = new StaffManager();
