// Why: short confirmations and errors appear in one polite live region, without blocking the sale.
export type ToastKind = 'info' | 'success' | 'error';
export interface Toast {
	id: number;
	text: string;
	kind: ToastKind;
}

class ToastManager {
	items = $state<Toast[]>([]);
	#next = 1;

	show(text: string, kind: ToastKind = 'info', ms = 4000): void {
		const id = this.#next++;
		this.items = [...this.items, { id, text, kind }];
		setTimeout(() => this.dismiss(id), kind === 'error' ? ms * 2 : ms);
	}

	dismiss(id: number): void {
		this.items = this.items.filter((x) => x.id !== id);
	}
}

export const toasts = new ToastManager();
