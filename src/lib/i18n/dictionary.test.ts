// Why: both languages must say every sentence, with the same placeholders, or a cashier sees a raw key or a "{n}".
import { describe, expect, it } from 'vitest';
import { dictionaries, loadLanguage, translate } from './dictionary';
import { en } from './en';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionary', () => {
	it('has the same keys and placeholders in Indonesian and English', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(dictionaries.id).sort());
		for (const key of Object.keys(dictionaries.id) as (keyof typeof dictionaries.id)[]) {
			expect(placeholders(en[key]), key).toEqual(placeholders(dictionaries.id[key]));
			expect(en[key].trim(), key).not.toBe('');
		}
	});

	it('fills placeholders and leaves unknown ones visible', async () => {
		await loadLanguage('en');
		expect(translate('id', 'status.pending', { n: 3 })).toBe('3 menunggu dikirim');
		expect(translate('en', 'status.pending', { n: 3 })).toBe('3 waiting to send');
		expect(translate('en', 'status.pending')).toBe('{n} waiting to send');
	});
});
