// Helpers for the cashier-journey e2e files: axe checks, waiting on the app, driving the modifier dialog.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageErrors } from '../helpers/browser.ts';
import { ROOT } from '../helpers/server.ts';
import { until } from '../helpers/wait';
import { SetupWizard } from './pages/setup-wizard.ts';

export { until };

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

/** Runs axe-core on the page; returns the serious and critical violations (the test fails on any). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
	const has = await page.evaluate(() => 'axe' in window);
	// Evaluated through the DevTools protocol, not as an inline <script>: the app's CSP (rightly) refuses those.
	if (!has) await page.evaluate(AXE);
	const violations = await page.evaluate(async () => {
		const axe = (
			window as unknown as {
				axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> };
			}
		).axe;
		const r = await axe.run(document, { resultTypes: ['violations'] });
		return r.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			nodes: v.nodes.map((n) => ({ target: n.target }))
		}));
	});
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** In an open modifier dialog: picks the first option of every required group left empty, then confirms. */
export async function completeModifiers(page: Page): Promise<void> {
	const dialog = page.getByTestId('modifier-dialog');
	await dialog.waitFor();
	const sets = dialog.locator('fieldset');
	const n = await sets.count();
	for (let i = 0; i < n; i++) {
		const fs = sets.nth(i);
		const required = (await fs.locator('legend .badge.warn').count()) > 0;
		const checked = await fs.locator('input:checked').count();
		// Pick the first option of required groups; also one paid option of an optional group, so modifiers cost money.
		if ((required && checked === 0) || (!required && i === n - 1))
			await fs.locator('label.opt').first().click();
	}
	await dialog.getByTestId('modifier-confirm').click();
	await dialog.waitFor({ state: 'detached' });
}

/** Walks the setup wizard for the demo outlet JKT-001 (HO login, store, cloud key, PIN) and waits for the first sync. */
export async function setupThroughWizard(page: Page, url: string, pin = '2468'): Promise<void> {
	const wizard = new SetupWizard(page);
	await wizard.open(url);
	await wizard.logIn('demo', 'demo1234');
	await wizard.waitForStoreStep();
	await wizard.pickStore('JKT-001');
	await wizard.storeNext();
	await wizard.connectCloud('demo-key-jkt-001');
	await wizard.enterPin(pin);
	await wizard.sync();
	await wizard.done(url);
}

/** One tablet of the outlet: a browser context of its own (its own IndexedDB), its page, and the page's errors. */
export interface Tablet {
	context: BrowserContext;
	page: Page;
	errors: string[];
}

/** A new tablet set up as a till of JKT-001 through the wizard, at a tablet's 1280×800. */
export async function setUpTablet(browser: Browser, url: string, pin?: string): Promise<Tablet> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	const errors = collectPageErrors(page);
	await setupThroughWizard(page, url, pin);
	return { context, page, errors };
}
