// Why: the config banner names only what head office changed, in the cashier's language.
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '$lib/i18n/i18n.svelte';
import { configChange, describeConfig, messageText } from './message-text';

afterEach(() => {
	i18n.lang = 'id';
});

const full = {
	tax_rate: 10,
	service_rate: 5,
	receipt_footer: 'Terima kasih',
	sync_intervals: { master_minutes: 360 }
};

describe('config messages', () => {
	it('names only the settings that changed against the previous config', async () => {
		const data = { config: { ...full, tax_rate: 11 }, previous: full };
		expect(describeConfig(data)).toEqual(['Pajak diubah menjadi 11%']);
		await i18n.use('en');
		expect(describeConfig(data)).toEqual(['Tax changed to 11%']);
	});

	it('names every setting when the previous config is unknown (older messages hold the config itself)', () => {
		expect(configChange(full)).toEqual({ config: full, previous: null });
		expect(describeConfig(full)).toEqual([
			'Pajak diubah menjadi 10%',
			'Service charge diubah menjadi 5%',
			'Catatan struk diubah: “Terima kasih”',
			'Jadwal sinkronisasi diperbarui'
		]);
	});

	it('says the settings were updated when nothing it knows changed, and formats fractional rates', () => {
		expect(describeConfig({ config: full, previous: full })).toEqual(['Pengaturan outlet diperbarui']);
		expect(describeConfig({ config: { ...full, service_rate: 7.5 }, previous: full })).toEqual([
			'Service charge diubah menjadi 7,5%'
		]);
		expect(
			describeConfig({ config: { ...full, sync_intervals: { master_minutes: 60 } }, previous: full })
		).toEqual(['Jadwal sinkronisasi diperbarui']);
	});

	it('shows broadcasts as sent', () => {
		expect(
			messageText({ kind: 'broadcast', title: 'Stok opname', message: 'Jam 17:00', data: null })
		).toEqual({ title: 'Stok opname', body: 'Jam 17:00' });
		expect(
			messageText({
				kind: 'config',
				title: 'config.updated',
				message: '',
				data: { config: { tax_rate: 11 }, previous: { tax_rate: 10 } }
			})
		).toEqual({
			title: 'Pengaturan outlet diperbarui',
			body: 'Pajak diubah menjadi 11%'
		});
	});
});
