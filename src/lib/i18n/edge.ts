// Why: the sentences of the settings page's outlet-edge card (docs/edge.md), a section of the one dictionary (`dictionary.ts` joins it).

export const edgeId = {
	'edge.title': 'Server outlet (edge)',
	'edge.checking': 'Memeriksa…',
	'edge.refresh': 'Periksa lagi',
	'edge.ho': 'HO',
	'edge.cloud': 'Cloud',
	'edge.mode.edge': 'Lewat server outlet {id}',
	'edge.mode.server': 'Langsung ke server (tanpa server outlet)',
	'edge.mode.unknown': 'Server tidak memberi tahu (versi lama?)',
	'edge.mode.unreachable': 'Tidak terjangkau',
	'edge.outlet': 'Outlet di server outlet',
	'edge.upstream': 'Internet server outlet',
	'edge.upstreamUp': 'Terhubung ke HO dan cloud',
	'edge.upstreamDown': 'Terputus dari HO dan cloud',
	'edge.lastOk': 'Terakhir terhubung',
	'edge.never': 'belum pernah',
	'edge.lastError': 'Kesalahan terakhir',
	'edge.backlog': 'Menunggu diteruskan ke cloud',
	'edge.backlogValue': '{n} data',
	'edge.claim': 'Hak atas outlet',
	'edge.claim.held': 'Dipegang server outlet ini',
	'edge.claim.refused': 'Ditolak: server outlet lain sudah memegang outlet ini — hanya satu yang boleh',
	'edge.claim.unknown': 'Belum diketahui',
	'edge.checkedAt': 'Diperiksa {time}'
} as const;
