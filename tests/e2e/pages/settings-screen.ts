// The settings screen (/settings): PIN unlock, "sync now" and its progress, the sync statistics.
import type { Locator, Page } from 'playwright-core';
import { enterManagerPin } from './pin.ts';
import { shown, waitOn } from './wait.ts';

const SCREEN = 'settings screen';

export class SettingsScreen {
	constructor(readonly page: Page) {}

	/** Opens the screen from the shell's navigation. */
	async open(link: RegExp = /Pengaturan/): Promise<void> {
		await this.page.getByRole('link', { name: link }).click();
	}

	/** Unlocks manager mode with the PIN and waits for the manager controls ("sync now"). */
	async unlock(pin: string): Promise<void> {
		await this.page.getByTestId('unlock').click();
		await enterManagerPin(this.page, pin);
		await shown(this.page.getByTestId('sync-now'), SCREEN, 'the manager controls after the PIN');
	}

	get progress(): Locator {
		return this.page.getByTestId('sync-progress');
	}

	/** Presses "sync now" and waits for a new job (not the one shown before) to complete. */
	async syncNow(): Promise<void> {
		const before = await this.progress.getAttribute('data-job').catch(() => null);
		await this.page.getByTestId('sync-now').click();
		await waitOn(
			SCREEN,
			'a new sync job to complete',
			async () =>
				(await this.progress.getAttribute('data-job').catch(() => null)) !== before &&
				(await this.progress.getAttribute('data-status').catch(() => '')) === 'completed'
		);
	}

	get stats(): Locator {
		return this.page.getByTestId('sync-stats');
	}

	/** Waits until the statistics count `n` documents for `collection`. */
	async waitCollectionCount(collection: string, n: number): Promise<void> {
		await shown(this.stats, SCREEN, 'the sync statistics');
		await waitOn(
			SCREEN,
			`${n} ${collection} in the sync statistics`,
			async () =>
				(
					(await this.stats
						.locator(`[data-collection="${collection}"] td.num`)
						.textContent()
						.catch(() => '')) ?? ''
				).replace(/\D/g, '') === String(n)
		);
	}

	/** Waits until the statistics show nothing waiting to be sent. */
	async waitNothingWaiting(): Promise<void> {
		await waitOn(
			SCREEN,
			'nothing waiting in the sync statistics',
			async () => (await this.page.getByTestId('stats-waiting').getAttribute('data-count')) === '0'
		);
	}
}

/** Waits until the top bar's pending badge shows nothing waiting to be sent. */
export async function waitPendingZero(page: Page): Promise<void> {
	await waitOn(
		'top bar',
		'the pending badge at 0',
		async () => (await page.getByTestId('pending-count').getAttribute('data-count')) === '0'
	);
}
