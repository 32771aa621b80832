// The orders screen (/orders): the list with status and sync state, void and refund behind the manager PIN.
import type { Locator, Page } from 'playwright-core';
import { enterManagerPin } from './pin.ts';
import { shown, waitOn } from './wait.ts';

const SCREEN = 'orders screen';

export class OrdersScreen {
	constructor(readonly page: Page) {}

	/** Opens the screen from the shell's navigation and waits for the table. */
	async open(link: RegExp = /Pesanan/): Promise<void> {
		await this.page.getByRole('link', { name: link }).click();
		await this.waitReady();
	}

	async waitReady(): Promise<void> {
		await shown(this.page.getByTestId('orders-table'), SCREEN, 'the orders table');
	}

	rows(filter: { status?: string; sync?: string } = {}): Locator {
		let sel = 'tr[data-order]';
		if (filter.status) sel += `[data-status="${filter.status}"]`;
		if (filter.sync) sel += `[data-sync="${filter.sync}"]`;
		return this.page.locator(sel);
	}

	async count(filter: { status?: string; sync?: string } = {}): Promise<number> {
		return this.rows(filter).count();
	}

	/** Waits until exactly `n` rows match `filter`. */
	async waitCount(filter: { status?: string; sync?: string }, n: number): Promise<void> {
		await waitOn(
			SCREEN,
			`${n} orders ${JSON.stringify(filter)}`,
			async () => (await this.count(filter)) === n
		);
	}

	async status(orderId: string): Promise<string | null> {
		return this.page.locator(`tr[data-order="${orderId}"]`).getAttribute('data-status');
	}

	/** Presses an order's void button (the manager PIN dialog follows unless manager mode is on). */
	async startVoid(orderId: string): Promise<void> {
		await this.page.getByTestId(`void-${orderId}`).click();
	}

	/** In the open void dialog: gives the reason, confirms, and waits for the order's void status. */
	async confirmVoid(orderId: string, reason: string): Promise<void> {
		await shown(this.page.getByTestId('void-reason'), SCREEN, 'the void dialog');
		await this.page.getByTestId('void-reason').fill(reason);
		await this.page.getByTestId('void-confirm').click();
		await waitOn(SCREEN, `order ${orderId} voided`, async () => (await this.status(orderId)) === 'void');
	}

	/** Voids an order: the void button, the manager PIN (unless `null`), a reason, and waits for the void status. */
	async void(orderId: string, pin: string | null, reason: string): Promise<void> {
		await this.startVoid(orderId);
		if (pin !== null) await enterManagerPin(this.page, pin);
		await this.confirmVoid(orderId, reason);
	}

	/** Opens the refund dialog of an order behind the manager PIN. */
	async openRefund(orderId: string, pin: string): Promise<Locator> {
		await this.page.getByTestId(`refund-${orderId}`).click();
		await enterManagerPin(this.page, pin);
		const dialog = this.page.getByTestId('refund-dialog');
		await shown(dialog, SCREEN, 'the refund dialog');
		return dialog;
	}

	/** Fills a refund of `qty` of line `lineId`, paid back by `method`, and returns the amount the dialog computes. */
	async fillRefund(
		dialog: Locator,
		lineId: string,
		qty: number,
		method: string,
		reason: string
	): Promise<number> {
		await dialog.getByTestId(`refund-qty-${lineId}`).fill(String(qty));
		await dialog.getByTestId(`refund-method-${method}`).click();
		await dialog.getByTestId('refund-reason').fill(reason);
		return waitOn(SCREEN, 'a refund amount above zero', async () => {
			const n = Number(await dialog.getByTestId('refund-amount').getAttribute('data-amount'));
			return n > 0 ? n : 0;
		});
	}

	/** Confirms the refund and waits for its receipt. */
	async confirmRefund(dialog: Locator): Promise<void> {
		await dialog.getByTestId('refund-confirm').click();
		await this.page.waitForURL(/\/receipt\/.*\/refund\//);
	}
}
