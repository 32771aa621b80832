import { describe, expect, it } from 'vitest';
import {
	approversFor,
	REQUIRED_ROLE,
	roleAllows,
	STAFF_ACTIONS,
	STAFF_ROLES,
	validStaffList,
	type Staff
} from './staff';

const hash = 'pbkdf2$1000$c2FsdA==$aGFzaA==';
const staff: Staff[] = [
	{ id: 'c1', name: 'Sari', role: 'cashier', pin_hash: hash },
	{ id: 's1', name: 'Budi', role: 'supervisor', pin_hash: hash },
	{ id: 'm1', name: 'Wati', role: 'manager', pin_hash: hash }
];

describe('the role table', () => {
	it('says which role each action needs', () => {
		expect(REQUIRED_ROLE).toEqual({
			sell: 'cashier',
			discount_preset: 'cashier',
			discount_within_limit: 'cashier',
			discount_over_limit: 'supervisor',
			void: 'supervisor',
			refund: 'manager',
			shift_variance: 'manager',
			settings: 'manager',
			conflicts: 'manager'
		});
	});

	it('a higher role may do whatever a lower one may', () => {
		for (const action of STAFF_ACTIONS)
			for (const [i, role] of STAFF_ROLES.entries())
				if (roleAllows(role, action))
					for (const higher of STAFF_ROLES.slice(i)) expect(roleAllows(higher, action)).toBe(true);
	});

	it('refuses a cashier a void and a supervisor a refund', () => {
		expect(roleAllows('cashier', 'void')).toBe(false);
		expect(roleAllows('supervisor', 'void')).toBe(true);
		expect(roleAllows('supervisor', 'refund')).toBe(false);
		expect(roleAllows('manager', 'settings')).toBe(true);
		expect(approversFor(staff, 'discount_over_limit').map((s) => s.id)).toEqual(['s1', 'm1']);
		expect(approversFor(staff, 'refund').map((s) => s.id)).toEqual(['m1']);
	});

	it('keeps only well-formed configured staff', () => {
		expect(
			validStaffList([
				...staff,
				{ id: 'c1', name: 'Twice', role: 'cashier', pin_hash: hash },
				{ id: 'x', name: 'No hash', role: 'cashier', pin_hash: '1234' },
				{ id: 'y', name: 'Boss', role: 'owner', pin_hash: hash },
				null
			])
		).toEqual(staff);
	});
});
