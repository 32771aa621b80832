// Why: who may do what at the till is one table (action -> the least role that may do it), pure, so UI, services and tests agree.

import { STAFF_ROLES } from '../contract/values';

export { STAFF_ROLES };
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A person who signs in on the till with a PIN (from the outlet's configuration; only the PIN's hash travels). */
export type Staff = {
	id: string;
	name: string;
	role: StaffRole;
	/** `pbkdf2$<iterations>$<salt b64>$<hash b64>` (PBKDF2-SHA-256, 32 bytes), as the PIN service writes it. */
	pin_hash: string;
};

/** What a signed-in person is called on orders, shifts and receipts (no hash). */
export type StaffRef = { id: string; name: string; role: StaffRole };

/** The actions that may need a higher role than the one signed in. */
export const STAFF_ACTIONS = [
	'sell',
	'discount_preset',
	'discount_within_limit',
	'discount_over_limit',
	'void',
	'refund',
	'shift_variance',
	'settings',
	'conflicts'
] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** The least role each action needs: the one table the till consults. */
export const REQUIRED_ROLE = {
	sell: 'cashier',
	discount_preset: 'cashier',
	discount_within_limit: 'cashier',
	discount_over_limit: 'supervisor',
	void: 'supervisor',
	refund: 'manager',
	shift_variance: 'manager',
	settings: 'manager',
	conflicts: 'manager'
} as const satisfies Record<StaffAction, StaffRole>;

export function roleRank(role: StaffRole): number {
	return STAFF_ROLES.indexOf(role);
}

export function isStaffRole(value: unknown): value is StaffRole {
	return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least the role `action` needs. */
export function roleAllows(role: StaffRole, action: StaffAction): boolean {
	return roleRank(role) >= roleRank(REQUIRED_ROLE[action]);
}

/** The configured people who may approve `action` (whose PIN the approval dialog accepts). */
export function approversFor(staff: readonly Staff[], action: StaffAction): Staff[] {
	return staff.filter((s) => roleAllows(s.role, action));
}

/** Drops malformed entries of a configured list (an HO config is data, not code); ids stay unique (first wins). */
export function validStaffList(raw: unknown): Staff[] {
	if (!Array.isArray(raw)) return [];
	const seen = new Set<string>();
	const out: Staff[] = [];
	for (const r of raw as unknown[]) {
		if (typeof r !== 'object' || r === null) continue;
		const { id, name, role, pin_hash } = r as Record<string, unknown>;
		if (typeof id !== 'string' || id === '' || seen.has(id)) continue;
		if (typeof name !== 'string' || name.trim() === '') continue;
		if (!isStaffRole(role) || typeof pin_hash !== 'string' || !pin_hash.startsWith('pbkdf2$')) continue;
		seen.add(id);
		out.push({ id, name: name.trim(), role, pin_hash });
	}
	return out;
}

export function staffRef(s: StaffRef): StaffRef {
	return { id: s.id, name: s.name, role: s.role };
}
