// Why: the English of `phone.ts`, apart so that it loads with `en.ts` (a chunk of its own), not with the Indonesian table.
import type { phoneId } from './phone';

export const phoneEn: Record<keyof typeof phoneId, string> = {
	'phone.openCart': 'Open the cart: {n} items, {total}',
	'phone.items': '{n} items',
	'phone.backToProducts': 'Add products'
};
