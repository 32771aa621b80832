// Staff at the till: the sign-in screen (a staff PIN before selling), the current cashier's chip, and the approval dialog
// in which a supervisor's PIN allows what the cashier's role does not (a void, a discount above the limit).
import type { Locator, Page } from 'playwright-core';
import { shown } from './wait.ts';

const SCREEN = 'staff sign-in';
const APPROVAL = 'approval dialog';

export class StaffSignIn {
	readonly root: Locator;
	/** The current cashier's chip in the top bar (data-staff-id; a tap opens the sign-in to switch). */
	readonly current: Locator;
	constructor(readonly page: Page) {
		this.root = page.getByTestId('staff-signin');
		this.current = page.getByTestId('staff-current');
	}

	async waitOpen(): Promise<void> {
		await shown(this.root, SCREEN, 'the sign-in screen');
	}

	/** Types a staff PIN and submits it (the result shows as the screen closing or as `waitRefused()`). */
	async enter(pin: string): Promise<void> {
		await this.page.getByTestId('staff-pin').fill(pin);
		await this.page.getByTestId('staff-signin-submit').click();
	}

	async waitRefused(): Promise<void> {
		await shown(this.root.getByRole('alert'), SCREEN, 'the wrong-PIN message');
	}

	async waitClosed(): Promise<void> {
		await shown(this.root, SCREEN, 'the sign-in screen to close after the PIN', { state: 'detached' });
	}

	/** Signs in with `pin` and waits for the screen to close. */
	async signIn(pin: string): Promise<void> {
		await this.enter(pin);
		await this.waitClosed();
	}

	/** Taps the current cashier's chip to switch cashier. */
	async switchCashier(): Promise<void> {
		await this.current.click();
	}

	async currentId(): Promise<string | null> {
		return this.current.getAttribute('data-staff-id');
	}
}

export class ApprovalDialog {
	readonly root: Locator;
	constructor(readonly page: Page) {
		this.root = page.getByTestId('approval-dialog');
	}

	async waitOpen(): Promise<void> {
		await shown(this.root, APPROVAL, 'the dialog to open');
	}

	/** The action the dialog asks approval for (data-action: "void", "discount_over_limit"…). */
	async action(): Promise<string | null> {
		return this.root.getAttribute('data-action');
	}

	/** Types a PIN and submits it; `refused` waits for the wrong-PIN-or-role message, otherwise for the dialog to close. */
	async give(pin: string, refused = false): Promise<void> {
		await this.page.getByTestId('pin-input').fill(pin);
		await this.page.getByTestId('pin-submit').click();
		if (refused)
			await shown(
				this.page.getByTestId('pin-dialog').getByRole('alert'),
				APPROVAL,
				'the wrong-PIN-or-role message'
			);
		else await shown(this.root, APPROVAL, 'the dialog to close after an accepted PIN', { state: 'detached' });
	}
}
