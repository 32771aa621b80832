// Why: a product's modifier groups (spice level, toppings) decide what a cashier may pick and what it costs.
import type { Rupiah } from './money';
import { err, ok, type Result } from './result';

/** One option of a group, as the HO `modifiers` rows embed them. */
export type ModifierOption = { id: string; name: string; price: Rupiah; is_default?: boolean };

/** A modifier group in the HO shape. `max_select` 0 means "no upper limit". */
export type ModifierGroup = {
	id: string;
	name: string;
	min_select: number;
	max_select: number;
	is_required: boolean;
	options: ModifierOption[];
};

/** What a cart line keeps of each chosen option, so it prints and prices without the group. */
export type ChosenModifier = {
	group_id: string;
	group_name: string;
	option_id: string;
	name: string;
	price: Rupiah;
};

/** The cashier's picks: option ids per group id. Missing groups mean "nothing picked". */
export type ModifierSelection = Readonly<Record<string, readonly string[]>>;

export type ModifierErrorCode =
	'required' | 'below_min' | 'above_max' | 'unknown_option' | 'duplicate_option' | 'unknown_group';

export type ModifierGroupError = {
	group_id: string;
	group_name: string;
	code: ModifierErrorCode;
	/** How many options the group needs at least / at most (max null = unlimited), and how many were picked. */
	min: number;
	max: number | null;
	selected: number;
	/** The offending option ids for unknown_option / duplicate_option. */
	option_ids?: string[];
};

/** The least number of picks a group needs: a required group needs at least one. */
export function minPicks(group: ModifierGroup): number {
	const min = Math.max(0, Math.floor(group.min_select));
	return group.is_required ? Math.max(1, min) : min;
}

/** The most picks a group allows, or null when unlimited. */
export function maxPicks(group: ModifierGroup): number | null {
	return group.max_select > 0 ? Math.floor(group.max_select) : null;
}

/**
 * Checks a selection against the groups. Optional groups may be left empty; once touched they
 * must meet their min. Returns the chosen modifiers in group order then option order, or every
 * group's error (a dialog shows each next to its group).
 */
export function validateSelection(
	groups: readonly ModifierGroup[],
	selection: ModifierSelection
): Result<ChosenModifier[], ModifierGroupError[]> {
	const errors: ModifierGroupError[] = [];
	const chosen: ChosenModifier[] = [];
	const known = new Set(groups.map((g) => g.id));
	for (const group of groups) {
		const picked = selection[group.id] ?? [];
		const min = minPicks(group);
		const max = maxPicks(group);
		const base = { group_id: group.id, group_name: group.name, min, max, selected: picked.length };
		const byId = new Map(group.options.map((o) => [o.id, o]));
		const unknown = picked.filter((id) => !byId.has(id));
		const dupes = picked.filter((id, i) => picked.indexOf(id) !== i);
		if (unknown.length > 0) errors.push({ ...base, code: 'unknown_option', option_ids: unknown });
		else if (dupes.length > 0)
			errors.push({ ...base, code: 'duplicate_option', option_ids: [...new Set(dupes)] });
		else if (picked.length === 0 && group.is_required) errors.push({ ...base, code: 'required' });
		else if (picked.length > 0 && picked.length < min) errors.push({ ...base, code: 'below_min' });
		else if (max !== null && picked.length > max) errors.push({ ...base, code: 'above_max' });
		else {
			for (const option of group.options) {
				if (!picked.includes(option.id)) continue;
				chosen.push({
					group_id: group.id,
					group_name: group.name,
					option_id: option.id,
					name: option.name,
					price: option.price
				});
			}
		}
	}
	for (const groupId of Object.keys(selection)) {
		if (known.has(groupId)) continue;
		const picked = selection[groupId] ?? [];
		errors.push({
			group_id: groupId,
			group_name: '',
			code: 'unknown_group',
			min: 0,
			max: null,
			selected: picked.length
		});
	}
	return errors.length > 0 ? err(errors) : ok(chosen);
}

/** The extra price per unit the chosen modifiers add. */
export function modifiersPrice(chosen: readonly Pick<ChosenModifier, 'price'>[]): Rupiah {
	let total = 0;
	for (const m of chosen) total += m.price;
	return total;
}

/** The dialog's starting picks: each group's is_default options, capped at its max. */
export function defaultSelection(groups: readonly ModifierGroup[]): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	for (const g of groups) {
		const max = maxPicks(g);
		const picks = g.options.filter((o) => o.is_default).map((o) => o.id);
		if (picks.length > 0) out[g.id] = max === null ? picks : picks.slice(0, max);
	}
	return out;
}

/** Toggles one option the way a dialog does: radio-like when max is 1, otherwise add/remove up to max. */
export function toggleOption(
	selection: ModifierSelection,
	group: ModifierGroup,
	optionId: string
): Record<string, string[]> {
	const current = [...(selection[group.id] ?? [])];
	const max = maxPicks(group);
	let next: string[];
	if (current.includes(optionId)) next = current.filter((id) => id !== optionId);
	else if (max === 1) next = [optionId];
	else if (max !== null && current.length >= max) next = current;
	else next = [...current, optionId];
	return { ...Object.fromEntries(Object.entries(selection).map(([k, v]) => [k, [...v]])), [group.id]: next };
}

/** True when a product can go straight to the cart without opening the modifiers dialog. */
export function needsModifierDialog(groups: readonly ModifierGroup[]): boolean {
	return groups.some((g) => g.options.length > 0);
}
