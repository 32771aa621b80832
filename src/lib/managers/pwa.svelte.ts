// Why: the installed app's update state: a new service worker waits until the cashier chooses to reload, never mid-sale.
class PwaManager {
	updateReady = $state(false);
	registered = $state(false);
	#apply: (() => void) | null = null;

	offer(apply: () => void): void {
		this.#apply = apply;
		this.updateReady = true;
	}

	dismiss(): void {
		this.updateReady = false;
	}

	apply(): void {
		this.#apply?.();
	}
}

export const pwa = new PwaManager();
