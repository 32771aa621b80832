// Why: head-office messages as the shell shows them: the newest undismissed one as a banner, a short list, and a toast when config changes arrive.
import type { MessageDoc } from '$lib/db';
import { handleError } from '$lib/services/error.service';
import { messageText } from '$lib/services/message-text';
import type { StoreClient } from '$lib/store-client';
import { toasts } from './toast.svelte';

/** How many messages the list keeps. */
export const MESSAGE_LIST_SIZE = 30;

class MessagesManager {
	items = $state.raw<MessageDoc[]>([]);
	undismissed = $derived(this.items.filter((m) => !m.dismissed));
	banner = $derived<MessageDoc | null>(this.undismissed[0] ?? null);

	#store: StoreClient | null = null;
	#stop: (() => void) | null = null;
	#seen = new Set<string>();
	#first = true;

	/** Idempotent: `startApp` attaches the manager to the worker's store area once the till is set up (the banner showed from then on). */
	attach(store: StoreClient): void {
		if (this.#store === store) return;
		this.#store = store;
		this.#stop?.();
		this.#first = true;
		this.#stop = store.watch({ name: 'messages', limit: MESSAGE_LIST_SIZE }, (list) => {
			for (const m of list) {
				if (this.#seen.has(m.id)) continue;
				this.#seen.add(m.id);
				// Config changes arriving while the app is open also toast (they apply at once); broadcasts wait in the banner.
				if (!this.#first && !m.dismissed && m.kind === 'config')
					toasts.show(messageText(m).body, 'info', 8000);
			}
			if (!this.#first && list.length >= MESSAGE_LIST_SIZE)
				void store.pruneMessages(MESSAGE_LIST_SIZE).catch(() => {});
			this.#first = false;
			this.items = list;
		});
	}
	/** Marks one message read; the banner moves on to the next. */
	dismiss(id: string): void {
		this.#store?.dismissMessage(id).catch((e: unknown) => handleError(e, 'dismiss message'));
	}
}

export const messages = new MessagesManager();
