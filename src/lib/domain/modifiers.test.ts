import { describe, expect, it } from 'vitest';
import {
	defaultSelection,
	maxPicks,
	minPicks,
	modifiersPrice,
	needsModifierDialog,
	toggleOption,
	validateSelection,
	type ModifierGroup
} from './modifiers';

const spice: ModifierGroup = {
	id: 'g-spice',
	name: 'Level Pedas',
	min_select: 1,
	max_select: 1,
	is_required: true,
	options: [
		{ id: 'o-mild', name: 'Tidak Pedas', price: 0 },
		{ id: 'o-hot', name: 'Pedas', price: 0 },
		{ id: 'o-extra', name: 'Extra Pedas', price: 2000 }
	]
};
const toppings: ModifierGroup = {
	id: 'g-top',
	name: 'Topping',
	min_select: 0,
	max_select: 3,
	is_required: false,
	options: [
		{ id: 'o-egg', name: 'Telur', price: 5000 },
		{ id: 'o-cheese', name: 'Keju', price: 7000 },
		{ id: 'o-chicken', name: 'Ayam', price: 10000 },
		{ id: 'o-sausage', name: 'Sosis', price: 6000 }
	]
};
const sauces: ModifierGroup = {
	id: 'g-sauce',
	name: 'Saus',
	min_select: 2,
	max_select: 0,
	is_required: false,
	options: [
		{ id: 's1', name: 'Sambal', price: 0 },
		{ id: 's2', name: 'Tomat', price: 0 },
		{ id: 's3', name: 'Mayo', price: 1000 }
	]
};
const groups = [spice, toppings, sauces];

describe('validateSelection', () => {
	it('returns the chosen modifiers in group and option order', () => {
		const r = validateSelection(groups, { 'g-top': ['o-cheese', 'o-egg'], 'g-spice': ['o-extra'] });
		expect(r).toEqual({
			ok: true,
			value: [
				{
					group_id: 'g-spice',
					group_name: 'Level Pedas',
					option_id: 'o-extra',
					name: 'Extra Pedas',
					price: 2000
				},
				{ group_id: 'g-top', group_name: 'Topping', option_id: 'o-egg', name: 'Telur', price: 5000 },
				{ group_id: 'g-top', group_name: 'Topping', option_id: 'o-cheese', name: 'Keju', price: 7000 }
			]
		});
		if (r.ok) expect(modifiersPrice(r.value)).toBe(14000);
	});
	it('reports a missing required group', () => {
		const r = validateSelection(groups, {});
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.error).toEqual([
				{ group_id: 'g-spice', group_name: 'Level Pedas', code: 'required', min: 1, max: 1, selected: 0 }
			]);
	});
	it('treats an empty list in a required group as missing', () => {
		const r = validateSelection([spice], { 'g-spice': [] });
		expect(!r.ok && r.error[0]?.code).toBe('required');
	});
	it('reports too many picks', () => {
		const r = validateSelection(groups, {
			'g-spice': ['o-mild', 'o-hot'],
			'g-top': ['o-egg', 'o-cheese', 'o-chicken', 'o-sausage']
		});
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error.map((e) => [e.group_id, e.code, e.selected, e.max])).toEqual([
				['g-spice', 'above_max', 2, 1],
				['g-top', 'above_max', 4, 3]
			]);
		}
	});
	it('lets an optional group stay empty but enforces its min once touched', () => {
		expect(validateSelection([sauces], {}).ok).toBe(true);
		const r = validateSelection([sauces], { 'g-sauce': ['s1'] });
		expect(!r.ok && r.error[0]).toMatchObject({ code: 'below_min', min: 2, selected: 1, max: null });
	});
	it('treats max_select 0 as unlimited', () => {
		const r = validateSelection([sauces], { 'g-sauce': ['s1', 's2', 's3'] });
		expect(r.ok && modifiersPrice(r.value)).toBe(1000);
	});
	it('a required group with min_select 0 still needs one pick', () => {
		const g = { ...spice, min_select: 0 };
		expect(minPicks(g)).toBe(1);
		expect(validateSelection([g], {}).ok).toBe(false);
	});
	it('reports unknown options, duplicates and unknown groups', () => {
		const r = validateSelection(groups, {
			'g-spice': ['o-nope'],
			'g-top': ['o-egg', 'o-egg'],
			'g-ghost': ['x']
		});
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.error.map((e) => [e.group_id, e.code, e.option_ids])).toEqual([
				['g-spice', 'unknown_option', ['o-nope']],
				['g-top', 'duplicate_option', ['o-egg']],
				['g-ghost', 'unknown_group', undefined]
			]);
	});
	it('accepts no groups at all', () => {
		expect(validateSelection([], {})).toEqual({ ok: true, value: [] });
	});
});

describe('helpers', () => {
	it('min and max picks', () => {
		expect(minPicks(toppings)).toBe(0);
		expect(maxPicks(toppings)).toBe(3);
		expect(maxPicks(sauces)).toBeNull();
	});
	it('modifiersPrice sums', () => {
		expect(modifiersPrice([])).toBe(0);
		expect(modifiersPrice([{ price: 2000 }, { price: 5000 }])).toBe(7000);
	});
	it('needsModifierDialog only when a group has options', () => {
		expect(needsModifierDialog([])).toBe(false);
		expect(needsModifierDialog([{ ...toppings, options: [] }])).toBe(false);
		expect(needsModifierDialog([spice])).toBe(true);
	});
});

describe('dialog helpers', () => {
	it('starts from the default options, capped at max', () => {
		const g: ModifierGroup = {
			...toppings,
			max_select: 1,
			options: toppings.options.map((o) => ({ ...o, is_default: o.id !== 'o-egg' }))
		};
		expect(defaultSelection([spice, g])).toEqual({ 'g-top': ['o-cheese'] });
		expect(defaultSelection([])).toEqual({});
	});
	it('toggles radio-like for max 1 and checkbox-like up to max otherwise', () => {
		let sel = toggleOption({}, spice, 'o-mild');
		expect(sel).toEqual({ 'g-spice': ['o-mild'] });
		sel = toggleOption(sel, spice, 'o-hot');
		expect(sel).toEqual({ 'g-spice': ['o-hot'] });
		sel = toggleOption(sel, spice, 'o-hot');
		expect(sel).toEqual({ 'g-spice': [] });
		let top = {};
		for (const id of ['o-egg', 'o-cheese', 'o-chicken', 'o-sausage']) top = toggleOption(top, toppings, id);
		expect(top).toEqual({ 'g-top': ['o-egg', 'o-cheese', 'o-chicken'] }); // the 4th is refused at max 3
		expect(toggleOption(top, toppings, 'o-egg')).toEqual({ 'g-top': ['o-cheese', 'o-chicken'] });
		expect(toggleOption({}, sauces, 's1')).toEqual({ 'g-sauce': ['s1'] });
	});
});
