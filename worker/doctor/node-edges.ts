// Why: what Node can see and the browser cannot (DNS answers, the TLS certificate, a CORS preflight), as the doctor's edges for the command line.
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { connect, checkServerIdentity, type PeerCertificate } from 'node:tls';
import type { DoctorEdges } from './checks';

function peerCertificate(host: string, port: number): Promise<PeerCertificate> {
	return new Promise((resolve, reject) => {
		// Read the certificate whatever its validity: the doctor judges expiry and hostname itself.
		const socket = connect({ host, port, servername: host, rejectUnauthorized: false }, () => {
			const cert = socket.getPeerCertificate();
			socket.end();
			resolve(cert);
		});
		socket.setTimeout(10_000, () => socket.destroy(new Error('TLS handshake timed out')));
		socket.once('error', reject);
	});
}

export function nodeEdges(): DoctorEdges {
	return {
		fetch: globalThis.fetch.bind(globalThis),
		now: () => Date.now(),
		md5: (bytes) => createHash('md5').update(new Uint8Array(bytes)).digest('hex'),
		dns: async (host) => (await lookup(host, { all: true })).map((a) => a.address),
		tls: async (host, port) => {
			const cert = await peerCertificate(host, port);
			const err = checkServerIdentity(host, cert);
			return { validTo: cert.valid_to, hostnameError: err ? err.message : null };
		},
		preflight: true,
		runner: 'cli'
	};
}
