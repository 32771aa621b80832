// Why: the sentences of shared open orders (orders from the other tablets of the outlet, order conflicts).
export const sharedOrdersId = {
	'shared.origin': 'Tablet {device} · {cashier}',
	'shared.originDevice': 'Tablet {device}',
	'shared.orderTitle': 'Pesanan {number}',
	'shared.copy': '{lines} baris · {total} · {status}',
	'shared.copyFrom': 'Tablet {device}: {lines} baris · {total} · {status}',
	'field.order': 'Pesanan (dua tablet mengubahnya)'
} as const;
