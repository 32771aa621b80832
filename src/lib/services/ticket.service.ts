// Why: sending lines to the kitchen also prints their tickets on the kitchen and bar printers when they are connected; a printer problem never undoes or blocks the send.
import { cart } from '$lib/managers/cart.svelte';
import { app } from '$lib/managers/app.svelte';
import { toasts } from '$lib/managers/toast.svelte';
import { i18n } from '$lib/i18n/i18n.svelte';
import { describeError } from './error.service';
import { sendToKitchen } from './order.service';
import { currentActor } from './staff.service';

export async function sendWithTickets(): Promise<{ sent: number }> {
	const fresh = cart.cart.lines.filter((l) => l.status === 'new');
	const { order, sent } = await sendToKitchen();
	if (fresh.length > 0) {
		try {
			// The ESC/POS encoder and the printer transports load with the first ticket, not with the selling screen.
			const { printTickets } = await import('./print.service');
			await printTickets({
				order_number: order.order_number,
				at: order.updated_at,
				timeZone: app.timeZone,
				table_number: order.table_number,
				customer_name: order.customer_name,
				cashier_name: currentActor().name,
				lines: fresh,
				language: i18n.lang
			});
		} catch (e) {
			toasts.show(describeError(e), 'error');
		}
	}
	return { sent };
}
