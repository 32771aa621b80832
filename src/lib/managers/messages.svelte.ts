// Why: head-office messages as the shell shows them: the newest undismissed one as a banner, a short list, and a toast when config changes arrive.
import type { Subscription } from 'rxjs';
import type { KasirDatabase, MessageDoc } from '$lib/db';
import { handleError } from '$lib/services/error.service';
import { messageText } from '$lib/services/message-text';
import { dismissMessage, pruneMessages } from '$lib/services/messages';
import { toasts } from './toast.svelte';

/** How many messages the list keeps. */
export const MESSAGE_LIST_SIZE = 30;

class MessagesManager {
	items = $state.raw<MessageDoc[]>([]);
	undismissed = $derived(this.items.filter((m) => !m.dismissed));
	banner = $derived<MessageDoc | null>(this.undismissed[0] ?? null);

	#db: KasirDatabase | null = null;
	#sub: Subscription | null = null;
	#seen = new Set<string>();
	#first = true;

	/** Idempotent: `startApp` attaches the manager to the open database once the till is set up (the banner showed from then on). */
	attach(db: KasirDatabase): void {
		if (this.#db === db) return;
		this.#db = db;
		this.#sub?.unsubscribe();
		this.#first = true;
		this.#sub = db.messages
			.find({
				selector: { received_at: { $gt: '' } },
				sort: [{ received_at: 'desc' }],
				limit: MESSAGE_LIST_SIZE
			})
			.$.subscribe((docs) => {
				const list = docs.map((d) => d.toMutableJSON());
				for (const m of list) {
					if (this.#seen.has(m.id)) continue;
					this.#seen.add(m.id);
					// Config changes arriving while the app is open also toast (they apply at once); broadcasts wait in the banner.
					if (!this.#first && !m.dismissed && m.kind === 'config')
						toasts.show(messageText(m).body, 'info', 8000);
				}
				if (!this.#first && list.length >= MESSAGE_LIST_SIZE)
					void pruneMessages(db, MESSAGE_LIST_SIZE).catch(() => {});
				this.#first = false;
				this.items = list;
			});
	}
	/** Marks one message read; the banner moves on to the next. */
	dismiss(id: string): void {
		const db = this.#db;
		if (db) dismissMessage(db, id).catch((e: unknown) => handleError(e, 'dismiss message'));
	}
}

export const messages = new MessagesManager();
