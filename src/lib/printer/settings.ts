// Why: which printer this till prints to is a property of the device (its cable, its Bluetooth pairing), not of the outlet: kept on the device in idb-keyval, beside but apart from the connection settings.
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { PAPER_WIDTHS } from '$lib/domain/receipt';
import type { Destination } from '$lib/domain/cart';
import { DEVICE_TRANSPORTS, type DeviceTransportKind, type TransportKind } from './transport';

export type PaperName = keyof typeof PAPER_WIDTHS;
export const PAPER_NAMES = ['58mm', '80mm'] as const satisfies readonly PaperName[];

/** Where a station's tickets go: nowhere, the receipt printer, or a printer of its own. */
export type TicketRoute = 'none' | 'receipt' | DeviceTransportKind;
export const TICKET_ROUTES: readonly TicketRoute[] = ['none', 'receipt', ...DEVICE_TRANSPORTS];

export interface PrinterSettings {
	paper: PaperName;
	/** The receipt printer; 'browser' = the print dialog (the default, works everywhere). */
	receipt: TransportKind;
	kitchen: TicketRoute;
	bar: TicketRoute;
	/** Pulse the cash drawer (wired to the receipt printer) when a cash sale prints. */
	open_drawer_on_cash: boolean;
	/** Web Serial only: the printer's baud rate (most thermal printers: 9600 or 115200). */
	baud_rate: number;
}

export const DEFAULT_PRINTER_SETTINGS: PrinterSettings = {
	paper: '58mm',
	receipt: 'browser',
	kitchen: 'none',
	bar: 'none',
	open_drawer_on_cash: false,
	baud_rate: 9600
};

const isTransport = (v: unknown): v is TransportKind =>
	v === 'browser' || DEVICE_TRANSPORTS.some((k) => k === v);
const isRoute = (v: unknown): v is TicketRoute => TICKET_ROUTES.some((k) => k === v);
const isPaper = (v: unknown): v is PaperName => PAPER_NAMES.some((k) => k === v);

/** Reads stored settings field by field; anything missing or unknown falls back to the default (an older or damaged record never breaks printing). */
export function parsePrinterSettings(raw: unknown): PrinterSettings {
	const d = DEFAULT_PRINTER_SETTINGS;
	if (typeof raw !== 'object' || raw === null) return { ...d };
	const r: Partial<Record<keyof PrinterSettings, unknown>> = raw;
	return {
		paper: isPaper(r.paper) ? r.paper : d.paper,
		receipt: isTransport(r.receipt) ? r.receipt : d.receipt,
		kitchen: isRoute(r.kitchen) ? r.kitchen : d.kitchen,
		bar: isRoute(r.bar) ? r.bar : d.bar,
		open_drawer_on_cash:
			typeof r.open_drawer_on_cash === 'boolean' ? r.open_drawer_on_cash : d.open_drawer_on_cash,
		baud_rate:
			typeof r.baud_rate === 'number' && Number.isInteger(r.baud_rate) && r.baud_rate > 0
				? r.baud_rate
				: d.baud_rate
	};
}

/** The transport a station's ticket goes out on, or null when it does not print (or only the print dialog is set up). */
export function ticketTransport(s: PrinterSettings, station: Destination): DeviceTransportKind | null {
	const route = s[station];
	if (route === 'none') return null;
	if (route === 'receipt') return s.receipt === 'browser' ? null : s.receipt;
	return route;
}

const KEY = 'printer';
let store: UseStore | null = null;
const printerStore = () => (store ??= createStore('kasir-printer', 'printer'));

export async function loadPrinterSettings(): Promise<PrinterSettings> {
	return parsePrinterSettings(await get(KEY, printerStore()));
}

export async function savePrinterSettings(s: PrinterSettings): Promise<void> {
	await set(KEY, { ...s }, printerStore());
}
