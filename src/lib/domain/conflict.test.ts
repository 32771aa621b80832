import { describe, expect, it } from 'vitest';
import {
	applyStrategy,
	autoStrategyFor,
	DEFAULT_CONFLICT_POLICY,
	describeFieldChange,
	formatFieldValue,
	newestSide,
	previewStrategies,
	validatePolicy,
	type FieldConflict
} from './conflict';

// Seed 004's example: HQ raised to 40.000 at 11:20, the outlet set 38.000 at 11:22.
const seed: FieldConflict = {
	field: 'price',
	cloud_value: 40000,
	cloud_version: 4,
	cloud_updated_at: '2026-01-27T11:20:00Z',
	local_value: 38000,
	local_version: 3,
	local_updated_at: '2026-01-27T11:22:00Z'
};
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('strategies', () => {
	it('previews what each strategy applies', () => {
		expect(previewStrategies(seed)).toEqual({
			cloud_wins: { side: 'cloud', value: 40000, version: 4, updated_at: '2026-01-27T11:20:00Z' },
			local_wins: { side: 'local', value: 38000, version: 3, updated_at: '2026-01-27T11:22:00Z' },
			newest_wins: { side: 'local', value: 38000, version: 3, updated_at: '2026-01-27T11:22:00Z' }
		});
	});
	it('newest is the later time, whatever the versions', () => {
		expect(newestSide(seed)).toBe('local');
		expect(newestSide({ ...seed, local_updated_at: '2026-01-27T11:19:59Z' })).toBe('cloud');
		// offsets are compared as instants: 18:21+07:00 is 11:21Z, before 11:22Z... but after 11:20Z
		expect(newestSide({ ...seed, local_updated_at: '2026-01-27T18:21:00+07:00' })).toBe('local');
		expect(newestSide({ ...seed, local_updated_at: '2026-01-27T18:19:00+07:00' })).toBe('cloud');
	});
	it('equal or unreadable times fall back to versions, then to the cloud', () => {
		const same = { ...seed, local_updated_at: seed.cloud_updated_at };
		expect(newestSide(same)).toBe('cloud'); // cloud v4 > local v3
		expect(newestSide({ ...same, local_version: 5 })).toBe('local');
		expect(newestSide({ ...same, local_version: 4 })).toBe('cloud');
		expect(newestSide({ ...seed, cloud_updated_at: 'garbage' })).toBe('local');
		expect(newestSide({ ...seed, local_updated_at: 'garbage' })).toBe('cloud');
		expect(newestSide({ ...seed, local_updated_at: '', cloud_updated_at: '', local_version: 9 })).toBe(
			'local'
		);
	});
	it('applyStrategy keeps null values as values', () => {
		expect(applyStrategy({ ...seed, field: 'stock', local_value: null }, 'local_wins').value).toBeNull();
	});
});

describe('policy', () => {
	it('defaults: price asks, stock newest_wins, anything else asks', () => {
		expect(autoStrategyFor({ field: 'price' })).toBeNull();
		expect(autoStrategyFor({ field: 'stock' })).toBe('newest_wins');
		expect(autoStrategyFor({ field: 'name' })).toBeNull();
		expect(DEFAULT_CONFLICT_POLICY).toEqual({ price: 'ask', stock: 'newest_wins' });
	});
	it('an outlet policy overrides the defaults, and falls back to them for fields it omits', () => {
		const policy = { price: 'cloud_wins', name: 'local_wins' } as const;
		expect(autoStrategyFor({ field: 'price' }, policy)).toBe('cloud_wins');
		expect(autoStrategyFor({ field: 'name' }, policy)).toBe('local_wins');
		expect(autoStrategyFor({ field: 'stock' }, policy)).toBe('newest_wins');
		expect(autoStrategyFor({ field: 'stock' }, { stock: 'ask' })).toBeNull();
	});
	it('ignores inherited keys', () => {
		expect(autoStrategyFor({ field: 'toString' }, {})).toBeNull();
		expect(autoStrategyFor({ field: '__proto__' }, {})).toBeNull();
	});
	it('validates stored policies', () => {
		expect(validatePolicy({ price: 'ask', stock: 'newest_wins' })).toEqual({
			ok: true,
			value: { price: 'ask', stock: 'newest_wins' }
		});
		expect(validatePolicy({ price: 'always' })).toEqual({
			ok: false,
			error: { code: 'invalid_policy', field: 'price', value: 'always' }
		});
		expect(validatePolicy(null).ok).toBe(false);
		expect(validatePolicy(['ask']).ok).toBe(false);
		expect(validatePolicy({})).toEqual({ ok: true, value: {} });
	});
});

describe('describeFieldChange', () => {
	it('formats money fields as rupiah with the difference', () => {
		const d = describeFieldChange(seed);
		expect(plain(d.cloud)).toBe('Rp 40.000');
		expect(plain(d.local)).toBe('Rp 38.000');
		expect(d.difference).toBe(-2000);
		expect(plain(d.summary)).toBe('Rp 40.000 → Rp 38.000');
		expect(plain(describeFieldChange(seed, 'en-US').cloud)).toBe('IDR 40,000');
	});
	it('formats other values plainly', () => {
		expect(
			describeFieldChange({ ...seed, field: 'stock', cloud_value: 1200, local_value: 95 })
		).toMatchObject({
			cloud: '1.200',
			local: '95',
			difference: -1105
		});
		expect(
			describeFieldChange({ ...seed, field: 'name', cloud_value: 'Nasi Goreng', local_value: null })
		).toMatchObject({
			cloud: 'Nasi Goreng',
			local: '—',
			difference: null
		});
		expect(formatFieldValue('is_active', true)).toBe('✓');
		expect(formatFieldValue('tags', ['a'])).toBe('["a"]');
		expect(formatFieldValue('price', 12.5)).toBe('12,5'); // not whole rupiah: shown as a number, not hidden
	});
});
