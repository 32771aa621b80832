// Why: the few sentences of the phone layout (the cart button and the way back to the products), a section of the one dictionary (`dictionary.ts` joins it).

export const phoneId = {
	'phone.openCart': 'Buka keranjang: {n} item, {total}',
	'phone.items': '{n} item',
	'phone.backToProducts': 'Tambah produk'
} as const;
