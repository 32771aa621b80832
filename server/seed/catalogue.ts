// The demo menu of "Nusantara Rasa Group": brands, stores, categories, modifier groups, ~80 products.

export const COMPANY = {
	code: 'NRG',
	name: 'Nusantara Rasa Group',
	address: 'Jl. Jend. Sudirman Kav. 52-53, Jakarta Selatan 12190',
	phone: '+62 21 5150 8800'
};

export const BRANDS = [
	{ code: 'WN', name: 'Warung Nusantara' },
	{ code: 'KR', name: 'Kopi Rasa' }
] as const;

export type BrandCode = (typeof BRANDS)[number]['code'];

export const SYNC_INTERVALS = { push_seconds: 30, pull_seconds: 60, master_data_hours: 6, photos_hours: 6 };

export const STORES: {
	code: string;
	brand: BrandCode;
	name: string;
	address: string;
	apiKey: string;
}[] = [
	{
		code: 'JKT-001',
		brand: 'WN',
		name: 'Warung Nusantara Jakarta Senayan',
		address: 'Jl. Asia Afrika No. 8, Senayan, Jakarta Pusat',
		apiKey: 'demo-key-jkt-001'
	},
	{
		code: 'BDG-001',
		brand: 'KR',
		name: 'Kopi Rasa Bandung Braga',
		address: 'Jl. Braga No. 45, Sumur Bandung, Bandung',
		apiKey: 'demo-key-bdg-001'
	},
	{
		code: 'SBY-001',
		brand: 'WN',
		name: 'Warung Nusantara Surabaya Tunjungan',
		address: 'Jl. Tunjungan No. 65, Genteng, Surabaya',
		apiKey: 'demo-key-sby-001'
	}
];

export interface ModifierOptionSeed {
	name: string;
	price: number;
}

export interface ModifierSeed {
	key: string;
	name: string;
	min: number;
	max: number;
	required: boolean;
	options: ModifierOptionSeed[];
}

export const MODIFIERS: ModifierSeed[] = [
	{
		key: 'pedas',
		name: 'Level Pedas',
		min: 1,
		max: 1,
		required: true,
		options: [0, 1, 2, 3, 4, 5].map((n) => ({ name: `Level ${n}`, price: n >= 4 ? 2000 : 0 }))
	},
	{
		key: 'topping',
		name: 'Topping',
		min: 0,
		max: 4,
		required: false,
		options: [
			{ name: 'Telur Mata Sapi', price: 5000 },
			{ name: 'Keju Parut', price: 6000 },
			{ name: 'Kerupuk Udang', price: 3000 },
			{ name: 'Sosis Sapi', price: 5000 },
			{ name: 'Bakso Sapi', price: 7000 },
			{ name: 'Ayam Suwir', price: 8000 }
		]
	},
	{
		key: 'gula',
		name: 'Tingkat Gula',
		min: 1,
		max: 1,
		required: true,
		options: [
			{ name: 'Normal', price: 0 },
			{ name: 'Kurang Manis', price: 0 },
			{ name: 'Tanpa Gula', price: 0 },
			{ name: 'Extra Manis', price: 0 }
		]
	},
	{
		key: 'ukuran',
		name: 'Ukuran',
		min: 1,
		max: 1,
		required: true,
		options: [
			{ name: 'Regular', price: 0 },
			{ name: 'Large', price: 5000 }
		]
	},
	{
		key: 'es',
		name: 'Es',
		min: 0,
		max: 1,
		required: false,
		options: [
			{ name: 'Normal Ice', price: 0 },
			{ name: 'Less Ice', price: 0 },
			{ name: 'Tanpa Es', price: 0 }
		]
	},
	{
		key: 'shot',
		name: 'Extra Shot',
		min: 0,
		max: 2,
		required: false,
		options: [
			{ name: 'Extra Shot Espresso', price: 6000 },
			{ name: 'Oat Milk', price: 8000 }
		]
	}
];

export interface CategorySeed {
	key: string;
	name: string;
	brand: BrandCode | null;
	skuPrefix: string;
	destination: 'kitchen' | 'bar';
	modifiers: string[];
	/** [name, price, stock or null] */
	items: [string, number, number | null][];
}

export const CATEGORIES: CategorySeed[] = [
	{
		key: 'makanan-utama',
		name: 'Makanan Utama',
		brand: 'WN',
		skuPrefix: 'MKN',
		destination: 'kitchen',
		modifiers: ['pedas', 'topping'],
		items: [
			['Nasi Goreng Spesial', 35000, null],
			['Nasi Goreng Kampung', 30000, null],
			['Nasi Goreng Seafood', 42000, null],
			['Nasi Ayam Penyet', 32000, null],
			['Nasi Rendang', 45000, 25],
			['Nasi Uduk Komplit', 33000, null],
			['Ayam Bakar Taliwang', 48000, 20],
			['Sate Ayam Madura', 38000, null],
			['Sate Kambing', 55000, 15],
			['Gado-Gado Jakarta', 28000, null],
			['Soto Ayam Lamongan', 30000, null],
			['Rawon Surabaya', 40000, 18],
			['Nasi Campur Bali', 42000, null],
			['Ikan Bakar Jimbaran', 65000, 10]
		]
	},
	{
		key: 'mie-bakso',
		name: 'Mie & Bakso',
		brand: 'WN',
		skuPrefix: 'MIE',
		destination: 'kitchen',
		modifiers: ['pedas', 'topping'],
		items: [
			['Mie Goreng Jawa', 30000, null],
			['Mie Ayam Bakso', 28000, null],
			['Bakso Urat Jumbo', 32000, null],
			['Mie Aceh Daging', 38000, null],
			['Kwetiau Goreng Sapi', 36000, null],
			['Bakmi Godog', 30000, null],
			['Mie Kocok Bandung', 34000, null],
			['Bihun Goreng Spesial', 29000, null]
		]
	},
	{
		key: 'camilan',
		name: 'Camilan',
		brand: 'WN',
		skuPrefix: 'CML',
		destination: 'kitchen',
		modifiers: [],
		items: [
			['Pisang Goreng Keju', 18000, 40],
			['Tahu Crispy', 15000, null],
			['Tempe Mendoan', 15000, null],
			['Singkong Goreng', 16000, null],
			['Kentang Goreng', 20000, null],
			['Risoles Mayo', 17000, 30],
			['Lumpia Semarang', 22000, 30],
			['Cireng Rujak', 16000, null]
		]
	},
	{
		key: 'minuman-dingin',
		name: 'Minuman Dingin',
		brand: null,
		skuPrefix: 'MND',
		destination: 'bar',
		modifiers: ['gula', 'es'],
		items: [
			['Es Teh Manis', 8000, null],
			['Es Jeruk Peras', 14000, null],
			['Es Campur', 22000, null],
			['Es Cendol Durian', 25000, 30],
			['Es Kelapa Muda', 20000, 24],
			['Es Doger', 18000, null],
			['Es Cincau Hijau', 15000, null],
			['Air Mineral', 6000, 120]
		]
	},
	{
		key: 'kopi',
		name: 'Kopi',
		brand: 'KR',
		skuPrefix: 'KOP',
		destination: 'bar',
		modifiers: ['ukuran', 'gula', 'es', 'shot'],
		items: [
			['Kopi Susu Gula Aren', 22000, null],
			['Kopi Tubruk', 15000, null],
			['Americano', 25000, null],
			['Cappuccino', 30000, null],
			['Caffe Latte', 30000, null],
			['Es Kopi Pandan', 26000, null],
			['Kopi Vietnam Drip', 24000, null],
			['V60 Gayo', 35000, null],
			['Espresso', 20000, null],
			['Mocha Rasa', 32000, null]
		]
	},
	{
		key: 'teh',
		name: 'Teh',
		brand: 'KR',
		skuPrefix: 'TEH',
		destination: 'bar',
		modifiers: ['ukuran', 'gula', 'es'],
		items: [
			['Teh Tarik', 18000, null],
			['Teh Poci Gula Batu', 15000, null],
			['Lemon Tea', 17000, null],
			['Thai Tea', 20000, null],
			['Matcha Latte', 28000, null],
			['Teh Jahe Madu', 18000, null],
			['Lychee Tea', 22000, null]
		]
	},
	{
		key: 'jus',
		name: 'Jus',
		brand: null,
		skuPrefix: 'JUS',
		destination: 'bar',
		modifiers: ['gula', 'es'],
		items: [
			['Jus Alpukat', 22000, null],
			['Jus Mangga', 20000, null],
			['Jus Jambu Merah', 18000, null],
			['Jus Sirsak', 20000, null],
			['Jus Semangka', 17000, null],
			['Jus Wortel Jeruk', 19000, null],
			['Jus Strawberry', 23000, null]
		]
	},
	{
		key: 'dessert',
		name: 'Dessert',
		brand: null,
		skuPrefix: 'DST',
		destination: 'kitchen',
		modifiers: [],
		items: [
			['Klepon Pandan', 15000, 30],
			['Martabak Manis Mini', 25000, 20],
			['Pisang Bakar Coklat Keju', 22000, null],
			['Es Krim Goreng', 24000, 15],
			['Kue Lapis Legit', 20000, 12],
			['Puding Gula Merah', 16000, 25],
			['Serabi Kuah Kinca', 18000, 20]
		]
	},
	{
		key: 'paket-hemat',
		name: 'Paket Hemat',
		brand: 'WN',
		skuPrefix: 'PKT',
		destination: 'kitchen',
		modifiers: ['pedas'],
		items: [
			['Paket Nasi Goreng + Es Teh', 39000, null],
			['Paket Ayam Penyet + Es Jeruk', 42000, null],
			['Paket Mie Ayam + Es Teh', 33000, null],
			['Paket Soto + Teh Poci', 40000, null],
			['Paket Keluarga Berempat', 165000, 10],
			['Paket Kopi + Pisang Goreng', 35000, null]
		]
	},
	{
		key: 'tambahan',
		name: 'Tambahan',
		brand: null,
		skuPrefix: 'TMB',
		destination: 'kitchen',
		modifiers: [],
		items: [
			['Nasi Putih', 7000, null],
			['Telur Dadar', 6000, null],
			['Kerupuk Udang', 5000, 100],
			['Sambal Matah', 5000, null],
			['Sambal Terasi', 4000, null],
			['Emping Melinjo', 8000, 50],
			['Lalapan', 5000, null]
		]
	}
];
