// The selling screen (/): search, product tiles, the modifier dialog, the cart (lines, total, table), hold/recall, pay.
import type { Locator, Page } from 'playwright-core';
import { completeModifiers } from '../pos-support.ts';
import { DiscountDialog } from './discount-dialog.ts';
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

	/** The product photos in the grid (served from /photos/, the cache when offline). */
	get photos(): Locator {
		return this.page.locator('img[src^="/photos/"]');
	}

	/** Waits for the first product photo to show. */
	async waitPhoto(timeoutMs = 30_000): Promise<void> {
		await shown(this.photos.first(), SCREEN, 'a product photo', { timeoutMs });
	}

	async search(text: string): Promise<void> {
		await this.page.getByTestId('search').fill(text);
	}

	/**
	 * Waits until the grid shows the answer to `text` ('' = the whole list again). The grid keeps the last list while a search
	 * reads, and its tiles are reused by slot: a tap before the answer can land on a product of the list being replaced.
	 */
	async waitShown(text: string): Promise<void> {
		const q = text.trim();
		await waitOn(
			SCREEN,
			q ? `the grid answering the search "${q}"` : 'the whole list in the grid again',
			async () => (await this.page.locator('[data-shown-query]').getAttribute('data-shown-query')) === q
		);
	}

	/** Types a search and waits for the grid's answer to it (`waitShown`). */
	async searchFor(text: string): Promise<void> {
		await this.search(text);
		await this.waitShown(text);
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

	/** Searches a SKU, taps its tile once the grid answers, completes its modifiers and clears the search (the whole list back). */
	async addBySku(sku: string): Promise<void> {
		await this.searchFor(sku);
		await this.tapProduct(sku);
		await this.pickModifiers();
		await this.searchFor('');
	}

	/** Taps the n-th available tile of the grid, completes the modifier dialog if one opens, and waits for the new line. */
	async addNth(n: number): Promise<void> {
		const before = await this.lineCount();
		await this.available.nth(n).click();
		await this.waitLanded(before, `product ${n}`);
	}

	/** The grid's tiles that can be sold now. */
	get available(): Locator {
		return this.grid.locator('button[data-sku]:not([disabled])');
	}

	/** The grid's product count (data-count). */
	async gridCount(): Promise<number> {
		return Number(await this.grid.getAttribute('data-count'));
	}

	/** After a tap or a scan: waits for a new cart line, through the modifier dialog when the product has groups. */
	async waitLanded(before: number, what = 'the product'): Promise<void> {
		const modifiers = this.page.getByTestId('modifier-dialog');
		await waitOn(
			SCREEN,
			`${what} in the cart or its modifier dialog`,
			async () => (await this.lineCount()) > before || (await modifiers.count()) > 0
		);
		if ((await modifiers.count()) > 0) await this.pickModifiers();
		await waitOn(SCREEN, `${what} in the cart`, async () => (await this.lineCount()) > before);
	}

	/** Types a code as a keyboard-wedge scanner does (keys in a burst, then Enter) into whatever has the focus. */
	async scan(code: string): Promise<void> {
		await this.page.keyboard.type(code);
		await this.page.keyboard.press('Enter');
	}

	get searchBox(): Locator {
		return this.page.getByTestId('search');
	}

	async searchFocused(): Promise<boolean> {
		return this.page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search');
	}

	/** The product names of the cart's lines. */
	async lineNames(): Promise<string[]> {
		return this.page.locator('[data-testid="cart-lines"] .pname').allTextContents();
	}

	/** The cart's lines (li.line), in order. */
	get lines(): Locator {
		return this.page.getByTestId('cart-lines').locator('li.line');
	}

	/** Opens line `i`'s actions and its discount dialog. */
	async openLineDiscount(i: number): Promise<DiscountDialog> {
		await this.lines.nth(i).locator('button.name').click();
		await this.lines.nth(i).getByTestId('line-discount').click();
		return new DiscountDialog(this.page);
	}

	/** Waits for line `i` to show its discount. */
	async waitLineDiscount(i: number): Promise<void> {
		await shown(this.lines.nth(i).getByTestId('line-discount-amount'), SCREEN, `the discount of line ${i}`);
	}

	/** Opens the whole order's discount dialog. */
	async openOrderDiscount(): Promise<DiscountDialog> {
		await this.page.getByTestId('order-discount').click();
		const dialog = new DiscountDialog(this.page);
		await dialog.waitOpen();
		return dialog;
	}

	/** Waits for the cart's order discount and returns its amount (data-amount). */
	async orderDiscount(): Promise<number> {
		const el = this.page.getByTestId('cart-discount');
		await shown(el, SCREEN, "the order's discount in the cart");
		return Number(await el.getAttribute('data-amount'));
	}

	/** The cart's total as a number (data-amount). */
	async totalAmount(): Promise<number> {
		return Number(await this.page.getByTestId('cart-total').getAttribute('data-amount'));
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

	/** Sends the cart to the kitchen and waits for a line marked sent, then for the order stored as sent. */
	async sendToKitchen(): Promise<void> {
		await this.page.getByTestId('send').click();
		await waitOn(
			SCREEN,
			'a cart line marked sent to the kitchen',
			async () => (await this.cart.locator('[data-status="sent"]').count()) > 0
		);
		// The lines are marked as the tap is taken, before the order is written: what follows (paying) needs the write.
		await waitOn(SCREEN, 'the order stored as sent to the kitchen', async () => {
			const n = await this.orderNumber();
			return this.page.evaluate(
				async (number) =>
					(
						await (
							await window.__kasir!.database()
						).orders
							.findOne({ selector: { order_number: number } })
							.exec()
					)?.status === 'sent',
				n
			);
		});
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

	/** The sale's order number in the cart's heading (empty before checkout reserves one). */
	async orderNumber(): Promise<string> {
		return (await this.cart.locator('h2').textContent())?.trim() ?? '';
	}

	/** Presses pay without waiting for the dialog (a parked or refused checkout may never open it). */
	async pressPay(): Promise<void> {
		await this.page.getByTestId('pay').click();
	}

	/** Opens the payment dialog. */
	async openPayment(): Promise<PaymentDialog> {
		await this.page.getByTestId('pay').click();
		const dialog = new PaymentDialog(this.page);
		await dialog.waitOpen();
		return dialog;
	}

	/** The newest error toast. */
	get lastErrorToast(): Locator {
		return this.page.locator('.toasts .toast.error').last();
	}

	/** Waits for an error toast and returns its text. */
	async waitErrorToast(): Promise<string> {
		await shown(this.lastErrorToast, SCREEN, 'an error message (toast)');
		return (await this.lastErrorToast.textContent()) ?? '';
	}

	/** Waits until no toast shows (so the next one is new). */
	async waitNoToasts(): Promise<void> {
		await waitOn(
			SCREEN,
			'earlier messages (toasts) to go',
			async () => (await this.page.locator('.toasts .toast').count()) === 0
		);
	}

	/** Leaves a receipt for a new sale and waits for the grid. */
	async newSale(): Promise<void> {
		await this.page.getByTestId('new-sale').click();
		await this.waitReady();
	}

	async netStatus(): Promise<string> {
		return (await this.page.getByTestId('net-status').textContent()) ?? '';
	}
}
