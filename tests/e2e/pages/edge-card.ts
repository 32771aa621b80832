// The settings page's outlet-edge card (data-testid="edge-status"): whether the tablet goes through an edge, the edge's
// upstream state and backlog (docs/edge.md). Read from its data attributes.
import type { Locator, Page } from 'playwright-core';
import { shown, waitOn } from './wait.ts';

const SCREEN = 'settings screen, edge card';

export interface EdgeCardState {
	mode: string | null;
	upstream: string | null;
	backlog: string | null;
	claim: string | null;
}

export class EdgeCard {
	readonly root: Locator;
	constructor(readonly page: Page) {
		this.root = page.getByTestId('edge-status');
	}

	/** All attributes in one read: the card re-renders when the worker's answer arrives. */
	async read(): Promise<EdgeCardState> {
		const d = await this.root.evaluate((el) => ({ ...(el as HTMLElement).dataset })).catch(() => null);
		return {
			mode: d?.mode ?? null,
			upstream: d?.upstream ?? null,
			backlog: d?.backlog ?? null,
			claim: d?.claim ?? null
		};
	}

	/** Waits until the card shows what `ok` accepts (it refreshes itself every 5 s; "check again" asks at once). */
	async waitFor(what: string, ok: (s: EdgeCardState) => boolean): Promise<EdgeCardState> {
		await shown(this.root, SCREEN, 'the card');
		return waitOn(SCREEN, what, async () => {
			const s = await this.read();
			if (ok(s)) return s;
			await this.page
				.getByTestId('edge-refresh')
				.click({ timeout: 2000 })
				.catch(() => undefined);
			return null;
		});
	}
}
