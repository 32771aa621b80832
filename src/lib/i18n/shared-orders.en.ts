// Why: the English of `shared-orders.ts`, apart so that it loads with `en.ts` (a chunk of its own), not with the Indonesian table.
import type { sharedOrdersId } from './shared-orders';

export const sharedOrdersEn: Record<keyof typeof sharedOrdersId, string> = {
	'shared.origin': 'Tablet {device} · {cashier}',
	'shared.originDevice': 'Tablet {device}',
	'shared.orderTitle': 'Order {number}',
	'shared.copy': '{lines} lines · {total} · {status}',
	'shared.copyFrom': 'Tablet {device}: {lines} lines · {total} · {status}',
	'field.order': 'Order (two tablets changed it)'
};
