// The discount dialog over the selling screen: the outlet's presets and an ad-hoc percent or amount, for a line or the order.
import type { Locator, Page } from 'playwright-core';
import { shown } from './wait.ts';

const SCREEN = 'discount dialog';

export class DiscountDialog {
	readonly root: Locator;
	constructor(readonly page: Page) {
		this.root = page.getByTestId('discount-dialog');
	}

	async waitOpen(): Promise<void> {
		await shown(this.root, SCREEN, 'the dialog to open');
	}

	async waitClosed(): Promise<void> {
		await shown(this.root, SCREEN, 'the dialog to close', { state: 'detached' });
	}

	/** Types an ad-hoc discount and applies it (a PIN may be asked next when it is above the limit). */
	async typed(kind: 'percent' | 'amount', value: string, name: string): Promise<void> {
		await this.waitOpen();
		await this.page.getByTestId(`discount-kind-${kind}`).check();
		await this.page.getByTestId('discount-value').fill(value);
		await this.page.getByTestId('discount-name').fill(name);
		await this.page.getByTestId('discount-apply').click();
	}

	/** Picks one of the outlet's presets by its id. */
	async preset(id: string): Promise<void> {
		await this.page.locator(`[data-testid="discount-preset"][data-id="${id}"]`).click();
	}
}
