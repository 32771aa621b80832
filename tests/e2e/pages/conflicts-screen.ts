// The conflicts screen (/conflicts): manager unlock, the open conflict cards, one-by-one and bulk resolution, the policy.
import type { Locator, Page } from 'playwright-core';
import { enterManagerPin } from './pin.ts';
import { shown, waitOn } from './wait.ts';

const SCREEN = 'conflicts screen';

export type Strategy = 'cloud_wins' | 'local_wins' | 'newest_wins';

export class ConflictsScreen {
	readonly badge: Locator;
	constructor(readonly page: Page) {
		this.badge = page.getByTestId('conflict-badge');
	}

	/** Unlocks manager mode with the PIN. */
	async unlock(pin: string): Promise<void> {
		await this.page.getByTestId('manager-unlock').click();
		await enterManagerPin(this.page, pin);
	}

	async waitNone(): Promise<void> {
		await shown(this.page.getByTestId('no-conflicts'), SCREEN, 'the "no conflicts" note');
	}

	card(productId: string): Locator {
		return this.page.locator(`[data-testid="conflict-card"][data-product-id="${productId}"]`);
	}

	/** Waits until exactly `n` open conflict cards show. */
	async waitCards(n: number): Promise<void> {
		await waitOn(
			SCREEN,
			`${n} conflict cards`,
			async () => (await this.page.getByTestId('conflict-card').count()) === n
		);
	}

	/** Waits until the shell's conflict badge counts `n`. */
	async waitBadge(n: number): Promise<void> {
		await waitOn(
			SCREEN,
			`the conflict badge at ${n}`,
			async () => (await this.badge.getAttribute('data-count').catch(() => null)) === String(n)
		);
	}

	async waitCard(productId: string): Promise<void> {
		await shown(this.card(productId), SCREEN, `the conflict card of product ${productId}`);
	}

	/** Presses a strategy on one product's card. */
	async resolve(productId: string, strategy: Strategy): Promise<void> {
		await this.card(productId).getByTestId(`resolve-${strategy}`).click();
	}

	/** Waits for a card marked as being resolved (a decision queued while offline). */
	async waitResolving(productId: string): Promise<void> {
		await shown(
			this.page.locator(
				`[data-testid="conflict-card"][data-product-id="${productId}"][data-status="resolving"]`
			),
			SCREEN,
			`the card of product ${productId} marked resolving`
		);
	}

	/** Selects all open conflicts, adds notes and decides them with one strategy. */
	async resolveAll(strategy: Strategy, notes: string): Promise<void> {
		await this.page.getByTestId('select-all').check();
		await this.page.getByTestId('resolve-notes').fill(notes);
		await this.page.getByTestId(`bulk-${strategy}`).click();
	}

	get resolved(): Locator {
		return this.page.getByTestId('resolved-item');
	}

	async waitResolvedItems(n: number): Promise<void> {
		await waitOn(SCREEN, `${n} resolved items`, async () => (await this.resolved.count()) === n);
	}

	/** Sets the outlet policy for a field and saves it. */
	async setPolicy(field: string, strategy: Strategy | 'ask'): Promise<void> {
		await this.page.getByTestId(`policy-${field}`).selectOption(strategy);
		await this.page.getByTestId('policy-save').click();
	}
}
