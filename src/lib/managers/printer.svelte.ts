// Why: the till's printers as UI state: the saved settings, what the browser offers, and the live connections (one per role: receipt, kitchen, bar), which only a click may open.
import {
	availableTransports,
	reconnectPrinter,
	requestPrinter,
	type DeviceTransportKind,
	type PrinterTransport
} from '$lib/printer/transport';
import {
	DEFAULT_PRINTER_SETTINGS,
	loadPrinterSettings,
	savePrinterSettings,
	type PrinterSettings
} from '$lib/printer/settings';

export type PrinterRole = 'receipt' | 'kitchen' | 'bar';

class PrinterManager {
	settings = $state<PrinterSettings>({ ...DEFAULT_PRINTER_SETTINGS });
	offered = $state.raw<DeviceTransportKind[]>([]);
	connected = $state.raw<Partial<Record<PrinterRole, PrinterTransport>>>({});
	#loading: Promise<void> | null = null;

	/** Loads the settings once and reconnects, without a prompt, to serial/USB printers granted before. */
	load(): Promise<void> {
		this.#loading ??= (async () => {
			this.settings = await loadPrinterSettings();
			this.offered = typeof navigator === 'undefined' ? [] : availableTransports(navigator);
			const kind = this.settings.receipt;
			if (kind !== 'browser' && this.offered.includes(kind) && !this.connected.receipt) {
				const t = await reconnectPrinter(navigator, kind, this.settings.baud_rate).catch(() => null);
				if (t) this.connected = { ...this.connected, receipt: t };
			}
		})();
		return this.#loading;
	}

	async save(next: PrinterSettings): Promise<void> {
		this.settings = next;
		await savePrinterSettings(next);
	}

	/** Prompts for a printer for `role` over `kind` (call from a click) and keeps the connection. */
	async connect(role: PrinterRole, kind: DeviceTransportKind): Promise<PrinterTransport> {
		const t = await requestPrinter(navigator, kind, this.settings.baud_rate);
		await this.connected[role]?.close().catch(() => {});
		this.connected = { ...this.connected, [role]: t };
		return t;
	}

	/** The connection a role prints through: tickets routed to the receipt printer share its connection. */
	transportFor(role: PrinterRole): PrinterTransport | null {
		if (role === 'receipt') return this.connected.receipt ?? null;
		const route = this.settings[role];
		if (route === 'none') return null;
		if (route === 'receipt') return this.connected.receipt ?? null;
		return this.connected[role] ?? null;
	}
}

export const printers = new PrinterManager();
