// The setup wizard (/setup): HO login, brand and store, cloud API key, manager PIN, first sync, then on to selling.
import type { Page } from 'playwright-core';
import { shown, waitOn } from './wait.ts';

const SCREEN = 'setup wizard';

export class SetupWizard {
	constructor(readonly page: Page) {}

	/** Opens the app on a fresh profile and waits for the wizard's first step (HO login). */
	async open(url: string): Promise<void> {
		await this.page.goto(`${url}/`);
		await this.page.waitForURL(/\/setup$/);
		await shown(this.page.getByTestId('setup-ho'), SCREEN, 'the head-office login step');
	}

	/** Goes straight to /setup (e.g. once the service worker controls the page) and waits for the HO login step. */
	async openAt(url: string): Promise<void> {
		await this.page.goto(`${url}/setup`);
		await shown(this.page.getByTestId('setup-ho'), SCREEN, 'the head-office login step');
	}

	/** Sets the head-office address (the wizard offers the app's own origin by default). */
	async hoUrl(url: string): Promise<void> {
		await this.page.getByTestId('ho-url').fill(url);
	}

	/** Fills the HO login and submits it (the result shows as the store step or as `error()`). */
	async logIn(username: string, password: string): Promise<void> {
		await this.page.getByTestId('username').fill(username);
		await this.page.getByTestId('password').fill(password);
		await this.page.getByTestId('login').click();
	}

	async waitForStoreStep(): Promise<void> {
		await shown(this.page.getByTestId('setup-store'), SCREEN, 'the store step after logging in');
	}

	/** The wizard's error message, once shown. */
	async error(): Promise<string> {
		const el = this.page.getByTestId('setup-error');
		await shown(el, SCREEN, 'an error message');
		return (await el.textContent()) ?? '';
	}

	/** Chooses the brand whose stores include `code`, then that store (does not go on). */
	async pickStore(code: string): Promise<void> {
		const brand = this.page.getByTestId('brand');
		const store = this.page.getByTestId('store');
		const brands = await brand
			.locator('option')
			.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
		for (const b of brands) {
			await brand.selectOption(b);
			if ((await store.locator('option', { hasText: code }).count()) > 0) break;
		}
		const value = await store.locator('option', { hasText: code }).getAttribute('value');
		await store.selectOption(value ?? '');
	}

	/** Chooses a brand and a store by their ids (does not go on). */
	async chooseStore(brandId: string, storeId: string): Promise<void> {
		await this.page.getByTestId('brand').selectOption(brandId);
		await this.page.getByTestId('store').selectOption(storeId);
	}

	async storeNext(): Promise<void> {
		await this.page.getByTestId('store-next').click();
	}

	/** Fills the cloud API key and submits it. */
	async connectCloud(apiKey: string): Promise<void> {
		await this.page.getByTestId('api-key').fill(apiKey);
		await this.page.getByTestId('cloud-next').click();
	}

	async enterPin(pin: string): Promise<void> {
		await this.page.getByTestId('pin').fill(pin);
		await this.page.getByTestId('pin2').fill(pin);
	}

	/** Starts the first sync and waits until the wizard offers to go selling. */
	async sync(timeoutMs = 90_000): Promise<void> {
		await this.page.getByTestId('start-sync').click();
		await shown(this.page.getByTestId('go-sell'), SCREEN, 'the first sync to finish ("go sell")', {
			timeoutMs
		});
	}

	async jobStatus(): Promise<string> {
		return (await this.page.getByTestId('job-status').textContent()) ?? '';
	}

	/** Leaves the wizard for the selling screen and waits for its products. */
	async done(url: string): Promise<void> {
		await this.page.getByTestId('go-sell').click();
		await this.page.waitForURL(`${url}/`);
		await waitOn(
			'selling screen',
			'products in the grid after setup',
			async () =>
				Number(
					await this.page
						.getByTestId('product-grid')
						.getAttribute('data-count')
						.catch(() => '0')
				) > 0
		);
	}
}
