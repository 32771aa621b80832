// The payment dialog over the selling screen: method, tendered amount, quick-cash notes, split parts, confirm.
import type { Locator, Page } from 'playwright-core';
import { shown, waitOn } from './wait.ts';

const SCREEN = 'payment dialog';

export class PaymentDialog {
	readonly root: Locator;
	constructor(readonly page: Page) {
		this.root = page.getByTestId('payment-dialog');
	}

	async waitOpen(): Promise<void> {
		await shown(this.root, SCREEN, 'the dialog to open');
	}

	async method(m: string): Promise<void> {
		await this.root.getByTestId(`method-${m}`).click();
	}

	async tendered(amount: number): Promise<void> {
		await this.root.getByTestId('tendered').fill(String(amount));
	}

	/** Taps the smallest quick-cash note (the exact amount or the next note up). */
	async quickCashSmallest(): Promise<void> {
		await this.root.locator('[data-testid^="quick-"]').first().click();
	}

	/** Taps the largest quick-cash note. */
	async quickCashLargest(): Promise<void> {
		await this.root.locator('[data-testid^="quick-"]').last().click();
	}

	async change(): Promise<string> {
		return (await this.root.getByTestId('change').textContent()) ?? '';
	}

	/** What the discounts take off (data-amount of pay-discount), once shown. */
	async discount(): Promise<number> {
		const el = this.root.getByTestId('pay-discount');
		await shown(el, SCREEN, 'the discount line');
		return Number(await el.getAttribute('data-amount'));
	}

	/** The total to pay, as the digits of its text. */
	async total(): Promise<number> {
		return Number((await this.root.getByTestId('pay-total').textContent())?.replace(/\D/g, ''));
	}

	/** Waits for the QRIS code (after choosing QRIS) and returns it. */
	async qrisCode(): Promise<Locator> {
		const code = this.root.getByTestId('qris-code');
		await shown(code, SCREEN, 'the QRIS code');
		return code;
	}

	/** The amount printed under the QRIS code, as its digits. */
	async qrisAmount(): Promise<string> {
		return ((await this.root.getByTestId('qris-amount').textContent()) ?? '').replace(/\D/g, '');
	}

	/** Turns on split payment. */
	async split(): Promise<void> {
		await this.root.getByTestId('pay-split').check();
	}

	/** Adds a part of `amount` by `method` and waits until the remainder is `remaining`. */
	async addPart(method: string, amount: number, remaining: number): Promise<void> {
		await this.method(method);
		await this.root.getByTestId('part-amount').fill(String(amount));
		await this.root.getByTestId('pay-add-part').click();
		await waitOn(
			SCREEN,
			`the remainder to be ${remaining}`,
			async () =>
				Number(await this.root.getByTestId('pay-remaining').getAttribute('data-amount')) === remaining
		);
	}

	/** Presses confirm without waiting for what follows (a receipt, or an error toast when the sale cannot be stored). */
	async pressConfirm(): Promise<void> {
		await this.root.getByTestId('pay-confirm').click();
	}

	/** Confirms and waits for the dialog to close (a split part, where no receipt page follows). */
	async confirmPart(): Promise<void> {
		await this.root.getByTestId('pay-confirm').click();
		await shown(this.root, SCREEN, 'the dialog to close after paying', { state: 'detached' });
	}

	/** Confirms and waits for the receipt page. */
	async confirm(): Promise<void> {
		await this.root.getByTestId('pay-confirm').click();
		await this.page.waitForURL(/\/receipt\//);
	}

	/** Confirms, waits for the receipt and returns the paid order's local id (the receipt URL's last part). */
	async confirmToReceipt(): Promise<string> {
		await this.confirm();
		await shown(this.page.getByTestId('receipt'), 'receipt', 'the receipt after paying');
		return decodeURIComponent(new URL(this.page.url()).pathname.split('/').filter(Boolean).pop() ?? '');
	}
}
