// The selling screen (/): search, product tiles, the modifier dialog, the cart (lines, total, table), hold/recall, pay.
import type { Locator, Page } from 'playwright-core';
import { completeModifiers } from '../pos-support.ts';
import { PaymentDialog } from './payment-dialog.ts';
import { shown, waitOn } from './wait.ts';

const SCREEN = 'selling screen';

export class SellingScreen {
	readonly grid: Locator;
	readonly cart: Locator;
	constructor(readonly page: Page) {
		this.grid = page.getByTestId('product-grid');
		this.cart = page.getByTestId('cart');
	}

	async waitReady(): Promise<void> {
		await shown(this.grid, SCREEN, 'the product grid');
	}

	async search(text: string): Promise<void> {
		await this.page.getByTestId('search').fill(text);
	}

	tile(sku: string): Locator {
		return this.page.locator(`[data-testid="product-grid"] button[data-sku="${sku}"]`);
	}

	/** Taps a product tile; if the modifier dialog opens, `pickModifiers()` completes it. */
	async tapProduct(sku: string): Promise<void> {
		await this.tile(sku).click();
	}

	/** Completes the open modifier dialog (first option of each required group, one paid option) and confirms. */
	async pickModifiers(): Promise<void> {
		await completeModifiers(this.page);
	}

	/** Searches a SKU, taps its tile, completes its modifiers and clears the search. */
	async addBySku(sku: string): Promise<void> {
		await this.search(sku);
		await this.tapProduct(sku);
		await this.pickModifiers();
		await this.search('');
	}

	async setTable(table: string, customer?: string, pax?: number): Promise<void> {
		await this.page.getByTestId('cart-table').fill(table);
		if (customer !== undefined) await this.page.getByTestId('cart-customer').fill(customer);
		if (pax !== undefined) await this.page.getByTestId('cart-pax').fill(String(pax));
	}

	async lineCount(): Promise<number> {
		return this.page.getByTestId('cart-lines').locator('li.line').count();
	}

	async total(): Promise<string> {
		return (await this.page.getByTestId('cart-total').textContent()) ?? '';
	}

	/** Sends the cart to the kitchen and waits for a line marked sent. */
	async sendToKitchen(): Promise<void> {
		await this.page.getByTestId('send').click();
		await waitOn(
			SCREEN,
			'a cart line marked sent to the kitchen',
			async () => (await this.cart.locator('[data-status="sent"]').count()) > 0
		);
	}

	/** Holds the order and waits for an empty cart. */
	async hold(): Promise<void> {
		await this.page.getByTestId('hold').click();
		await waitOn(SCREEN, 'an empty cart after holding', async () => (await this.lineCount()) === 0);
	}

	/** Recalls an open order by its number and waits for its lines in the cart. */
	async recall(orderNumber: string): Promise<void> {
		await this.page.getByTestId('recall').click();
		await this.page.getByTestId('open-orders').locator('button', { hasText: orderNumber }).click();
		await waitOn(
			SCREEN,
			`order ${orderNumber} recalled into the cart`,
			async () => (await this.lineCount()) > 0
		);
	}

	/** Opens the payment dialog. */
	async openPayment(): Promise<PaymentDialog> {
		await this.page.getByTestId('pay').click();
		const dialog = new PaymentDialog(this.page);
		await dialog.waitOpen();
		return dialog;
	}

	async netStatus(): Promise<string> {
		return (await this.page.getByTestId('net-status').textContent()) ?? '';
	}
}
