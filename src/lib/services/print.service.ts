// Why: printing a receipt or the kitchen/bar tickets: ESC/POS bytes to the connected printer when there is one, the browser print dialog for the receipt otherwise.
import { encodeReceipt, encodeTicket, type TicketData } from '$lib/domain/escpos';
import { PAPER_WIDTHS, type ReceiptData } from '$lib/domain/receipt';
import { DESTINATIONS } from '$lib/contract/values';
import { printers } from '$lib/managers/printer.svelte';

export type PrintOutcome = 'printer' | 'dialog';

/** Prints the receipt on the receipt printer (kicking the drawer for cash when set), or opens the print dialog. */
export async function printReceipt(data: ReceiptData): Promise<PrintOutcome> {
	await printers.load();
	const s = printers.settings;
	const transport = s.receipt === 'browser' ? null : printers.transportFor('receipt');
	if (!transport) {
		window.print();
		return 'dialog';
	}
	const openDrawer = s.open_drawer_on_cash && data.payment?.method === 'cash' && !data.reprint;
	await transport.write(encodeReceipt(data, PAPER_WIDTHS[s.paper], { openDrawer }));
	return 'printer';
}

/** Prints each station's ticket on its printer; returns the stations printed (a station without a connected printer is skipped). */
export async function printTickets(
	data: Omit<TicketData, 'destination'>
): Promise<TicketData['destination'][]> {
	await printers.load();
	const done: TicketData['destination'][] = [];
	for (const destination of DESTINATIONS) {
		const transport = printers.transportFor(destination);
		const bytes = encodeTicket({ ...data, destination }, PAPER_WIDTHS[printers.settings.paper]);
		if (!transport || !bytes) continue;
		await transport.write(bytes);
		done.push(destination);
	}
	return done;
}

/** A short test page for the settings screen. */
export async function printTestPage(role: 'receipt' | 'kitchen' | 'bar', title: string): Promise<boolean> {
	const transport = printers.transportFor(role);
	if (!transport) return false;
	const { EscPos } = await import('$lib/domain/escpos');
	const width = PAPER_WIDTHS[printers.settings.paper];
	await transport.write(
		new EscPos()
			.init()
			.align('center')
			.bold(true)
			.size(2, 2)
			.line(title)
			.size(1, 1)
			.bold(false)
			.line('-'.repeat(width))
			.line(`${width} kolom / columns`)
			.feed(3)
			.cut()
			.bytes()
	);
	return true;
}
