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

	/** Loads /settings directly. */
	async goto(url: string): Promise<void> {
		await this.page.goto(`${url}/settings`);
	}

	/** Unlocks manager mode with the PIN and waits for the printer card (kept on the device, shown to the manager). */
	async unlockPrinter(pin: string): Promise<void> {
		await this.page.getByTestId('unlock').click();
		await enterManagerPin(this.page, pin);
		await shown(this.printer, SCREEN, 'the printer settings after the PIN');
	}

	get printer(): Locator {
		return this.page.getByTestId('printer-settings');
	}

	/** The values offered by one of the printer card's selects ("receipt" or "kitchen"). */
	async printerChoices(which: 'receipt' | 'kitchen'): Promise<string[]> {
		return this.page
			.getByTestId(`printer-${which}`)
			.locator('option')
			.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
	}

	/** Sets the printer card's paper width, kitchen ticket printer and cash drawer. */
	async setPrinter(paper: string, kitchen: string, drawer: boolean): Promise<void> {
		await this.page.getByTestId('printer-paper').selectOption(paper);
		await this.page.getByTestId('printer-kitchen').selectOption(kitchen);
		await this.page.getByTestId('printer-drawer').setChecked(drawer);
	}

	/** The printer card's current choices. */
	async printerState(): Promise<{ paper: string; kitchen: string; drawer: boolean }> {
		return {
			paper: await this.page.getByTestId('printer-paper').inputValue(),
			kitchen: await this.page.getByTestId('printer-kitchen').inputValue(),
			drawer: await this.page.getByTestId('printer-drawer').isChecked()
		};
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

	/** Waits for the storage section (shown to the manager) and returns its use and headroom lines. */
	async storage(): Promise<{ usage: string; headroom: string }> {
		const headroom = this.page.getByTestId('storage-headroom');
		await shown(headroom, SCREEN, 'the storage headroom');
		return {
			usage: (await this.page.getByTestId('storage-usage').textContent()) ?? '',
			headroom: (await headroom.textContent()) ?? ''
		};
	}

	/** The browser's answer to persistent storage (data-granted), once shown. */
	async persistGranted(): Promise<string | null> {
		const answer = this.page.getByTestId('storage-persist-answer');
		await shown(answer, SCREEN, "the browser's answer to persistent storage");
		return answer.getAttribute('data-granted');
	}

	/** Types a retention window in days and commits it (the change event). */
	async setRetention(days: number): Promise<void> {
		const field = this.page.getByTestId('storage-retention');
		await field.fill(String(days));
		await field.dispatchEvent('change');
	}

	/** Presses "free space now" and returns what it reports it freed. */
	async freeSpace(): Promise<string> {
		await this.page.getByTestId('storage-free').click();
		const freed = this.page.getByTestId('storage-freed');
		await shown(freed, SCREEN, 'what "free space now" freed');
		return (await freed.textContent()) ?? '';
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

/**
 * Nothing waits to be sent: the top bar's pending badge at 0 and, in this page's own database, no order or transaction
 * still pending. The badge alone is not enough right after a write: its count follows the write a moment later, so a read
 * then sees the 0 from before it (and it counts an acknowledged order as sent before the worker folds the answer into it).
 */
export function allSent(page: Page): Promise<boolean> {
	return (
		page
			.evaluate(async () => {
				const badge = document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count');
				if (badge !== '0') return false;
				const db = await window.__kasir!.database();
				const pending = { selector: { sync_status: 'pending' as const } };
				const [orders, transactions] = await Promise.all([
					db.orders.count(pending).exec(),
					db.transactions.count(pending).exec()
				]);
				return orders === 0 && transactions === 0;
			})
			// A page between documents (a reload) answers nothing yet: ask again.
			.catch(() => false)
	);
}

/** Waits until nothing waits to be sent (`allSent`: the top bar's pending badge at 0, no document still pending). */
export async function waitPendingZero(page: Page): Promise<void> {
	await waitOn('top bar', 'the pending badge at 0 and no order or transaction pending', () => allSent(page));
}
