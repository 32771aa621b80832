import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_PRINTER_SETTINGS,
	loadPrinterSettings,
	parsePrinterSettings,
	savePrinterSettings,
	ticketTransport
} from './settings';
import { availableTransports, chunks, pickTransport } from './transport';

describe('printer settings', () => {
	it('defaults to the print dialog, 58 mm, no tickets, no drawer', async () => {
		expect(await loadPrinterSettings()).toEqual(DEFAULT_PRINTER_SETTINGS);
	});
	it('keeps what was saved (fake IndexedDB)', async () => {
		const s = {
			...DEFAULT_PRINTER_SETTINGS,
			paper: '80mm' as const,
			receipt: 'usb' as const,
			kitchen: 'bluetooth' as const,
			bar: 'receipt' as const,
			open_drawer_on_cash: true
		};
		await savePrinterSettings(s);
		expect(await loadPrinterSettings()).toEqual(s);
	});
	it('falls back field by field on damaged records', () => {
		expect(
			parsePrinterSettings({
				paper: '76mm',
				receipt: 'serial',
				kitchen: 'fax',
				open_drawer_on_cash: 'yes',
				baud_rate: -1
			})
		).toEqual({
			...DEFAULT_PRINTER_SETTINGS,
			receipt: 'serial'
		});
		expect(parsePrinterSettings(null)).toEqual(DEFAULT_PRINTER_SETTINGS);
	});
	it('routes each station to its printer', () => {
		const s = {
			...DEFAULT_PRINTER_SETTINGS,
			receipt: 'usb' as const,
			kitchen: 'receipt' as const,
			bar: 'bluetooth' as const
		};
		expect(ticketTransport(s, 'kitchen')).toBe('usb');
		expect(ticketTransport(s, 'bar')).toBe('bluetooth');
		expect(ticketTransport({ ...s, receipt: 'browser' }, 'kitchen')).toBeNull();
		expect(ticketTransport({ ...s, bar: 'none' }, 'bar')).toBeNull();
	});
});

describe('transport choice', () => {
	// Navigators as browsers present them: Chromium desktop (all three), Chromium without Bluetooth, Firefox (none).
	const noop = () => Promise.reject(new Error('no device'));
	const chromium = {
		serial: { requestPort: noop, getPorts: () => Promise.resolve([]) },
		usb: { requestDevice: noop, getDevices: () => Promise.resolve([]) },
		bluetooth: { requestDevice: noop }
	};
	it('lists what the browser offers and picks by preference, else the print dialog', () => {
		expect(availableTransports(chromium)).toEqual(['serial', 'usb', 'bluetooth']);
		expect(pickTransport(chromium)).toBe('serial');
		expect(pickTransport(chromium, ['bluetooth', 'usb'])).toBe('bluetooth');
		expect(pickTransport({ usb: chromium.usb }, ['bluetooth', 'usb'])).toBe('usb');
		expect(availableTransports({})).toEqual([]);
		expect(pickTransport({})).toBe('browser');
	});
	it('splits a job into chunks that join back to it', () => {
		const job = Uint8Array.from({ length: 250 }, (_, i) => i);
		const parts = chunks(job, 100);
		expect(parts.map((p) => p.length)).toEqual([100, 100, 50]);
		expect(Uint8Array.from(parts.flatMap((p) => [...p]))).toEqual(job);
	});
});
