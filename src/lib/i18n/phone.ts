// Why: the few sentences of the phone layout (the cart button and the way back to the products), a section of the one dictionary (`dictionary.ts` joins it).

export const phoneId = {
	'phone.openCart': 'Buka keranjang: {n} item, {total}',
	'phone.items': '{n} item',
	'phone.backToProducts': 'Tambah produk'
} as const;

export const phoneEn: Record<keyof typeof phoneId, string> = {
	'phone.openCart': 'Open the cart: {n} items, {total}',
	'phone.items': '{n} items',
	'phone.backToProducts': 'Add products'
};
