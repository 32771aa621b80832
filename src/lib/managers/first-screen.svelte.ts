// Why: keeps the cold start's snapshot (src/lib/boot/first-screen.ts) equal to the selling screen's unfiltered first screen,
// written in idle time after it changes; forgets it when the device is not set up.
import {
	clearFirstScreen,
	FIRST_SCREEN_TILES,
	takeOverFirstScreen,
	writeFirstScreen,
	type FirstScreen,
	type FirstScreenNavItem
} from '$lib/boot/first-screen';
import { formatIdr } from '$lib/domain/money';
import { i18n, t } from '$lib/i18n/i18n.svelte';
import { app } from './app.svelte';
import { catalog } from './catalog.svelte';

/** The navigation as the shell draws it (labels and icons read from its DOM: the snapshot paints the same bar). */
function navItems(): FirstScreenNavItem[] {
	const nav = document.querySelector('main ~ nav');
	if (!nav) return [];
	return [...nav.querySelectorAll('a')].map((a) => ({
		label: a.textContent.trim(),
		icon: a.querySelector('path')?.getAttribute('d') ?? '',
		current: a.getAttribute('aria-current') === 'page'
	}));
}

type IdleWindow = Window & {
	requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number;
	cancelIdleCallback?: (id: number) => void;
};

class FirstScreenManager {
	#pending = 0;
	/** Set by `forget()` while the wizard saves another outlet: nothing is written until `resume()`. */
	#held = $state(false);
	#stop: (() => void) | null = null;

	/** Starts following the catalogue and settings (once; the boot calls it). */
	watch(): void {
		if (this.#stop) return;
		this.#stop = $effect.root(() => {
			$effect(() => {
				const snapshot = this.#current();
				this.#cancel();
				if (snapshot === 'not-set-up') {
					clearFirstScreen();
					takeOverFirstScreen();
					return;
				}
				if (snapshot) this.#schedule(snapshot);
			});
		});
	}

	/** The selling screen's unfiltered first screen as it is now; null while it is filtered or loading. */
	#current(): FirstScreen | 'not-set-up' | null {
		if (!app.booted || this.#held) return null;
		const s = app.settings;
		if (!s || !app.configured) return 'not-set-up';
		const store = app.store;
		// Only the outlet's own list: its store is known and the catalogue already filters by its brand.
		if (!store || store.id !== s.store_id || catalog.brandId !== (store.brand_id ?? null)) return null;
		if (
			catalog.loading ||
			catalog.categoryId !== '' ||
			catalog.query.trim() !== '' ||
			catalog.shownQuery !== ''
		)
			return null;
		void i18n.lang;
		return {
			v: 1,
			outlet_id: s.outlet_id,
			store_id: s.store_id,
			lang: i18n.lang,
			labels: {
				app: t('app.name'),
				store: store.name,
				search: t('sell.search'),
				all: t('common.all'),
				products: t('sell.products'),
				categories: t('sell.categories'),
				unavailable: t('sell.unavailable'),
				loading: t('status.loading'),
				nav: t('nav.main')
			},
			nav: [],
			categories: catalog.categories.map((c) => ({ id: c.id, name: c.name })),
			tiles: catalog.products.slice(0, FIRST_SCREEN_TILES).map((p) => ({
				id: p.id,
				sku: p.sku,
				name: p.name,
				price: formatIdr(p.price),
				available: p.is_available
			}))
		};
	}

	#cancel(): void {
		if (!this.#pending) return;
		const w: IdleWindow = window;
		if (w.cancelIdleCallback) w.cancelIdleCallback(this.#pending);
		else clearTimeout(this.#pending);
		this.#pending = 0;
	}

	/** One write pending at a time, in idle time (never in a tap's frame). */
	#schedule(snapshot: FirstScreen): void {
		const w: IdleWindow = window;
		const write = () => {
			this.#pending = 0;
			// The stored snapshot of another outlet is replaced, never merged.
			writeFirstScreen({ ...snapshot, nav: navItems() });
		};
		this.#pending = w.requestIdleCallback
			? w.requestIdleCallback(write, { timeout: 2000 })
			: window.setTimeout(write, 200);
	}

	/** Forgets the stored snapshot and any write still pending (the wizard, before it saves another outlet). */
	forget(): void {
		this.#held = true;
		this.#cancel();
		clearFirstScreen();
	}

	/** The new outlet's settings are in effect: its own first screen is written as it shows. */
	resume(): void {
		this.#held = false;
	}
}

export const firstScreen = new FirstScreenManager();
