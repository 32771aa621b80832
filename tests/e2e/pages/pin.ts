// The manager PIN dialog that guards settings, voids, refunds and conflicts.
import type { Page } from 'playwright-core';
import { shown } from './wait.ts';

/** Types a PIN into the open PIN dialog and submits it. */
export async function enterManagerPin(page: Page, pin: string): Promise<void> {
	await shown(page.getByTestId('pin-input'), 'manager PIN dialog', 'the PIN field');
	await page.getByTestId('pin-input').fill(pin);
	await page.getByTestId('pin-submit').click();
}

/** Waits for the PIN dialog's refusal (wrong PIN). */
export async function pinRefused(page: Page): Promise<void> {
	await shown(
		page.getByTestId('pin-dialog').getByRole('alert'),
		'manager PIN dialog',
		'the wrong-PIN message'
	);
}
