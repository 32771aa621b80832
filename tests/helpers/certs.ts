// Throwaway TLS certificates made with openssl for the tests that serve or judge HTTPS: a self-signed one for a single
// server, or a test CA and a server certificate signed by it (the outlet-edge rig, whose Chromium trusts the key).
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/** `openssl req -x509`: a new RSA key and a self-signed certificate for `subject` in `dir`, with the given extensions. */
function selfSign(
	dir: string,
	o: { key: string; cert: string; days: number; subject: string; extensions: string[] }
): void {
	const ext = o.extensions.flatMap((e) => ['-addext', e]);
	openssl(
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			o.key,
			'-out',
			o.cert,
			'-days',
			String(o.days),
			'-subj',
			o.subject,
			...ext
		],
		dir
	);
}

export interface SelfSignedCertificate {
	dir: string;
	certFile: string;
	keyFile: string;
	/** The certificate (PEM), which is its own CA. */
	cert: Buffer;
	key: Buffer;
	/** Removes the temp dir. */
	remove(): void;
}

/** A self-signed certificate for CN=localhost with the given subject alternative names, valid `days`, in a fresh temp dir. */
export function selfSignedCertificate(opts: { days: number; altNames: string }): SelfSignedCertificate {
	const dir = mkdtempSync(join(tmpdir(), 'kasir-tls-'));
	selfSign(dir, {
		key: 'key.pem',
		cert: 'cert.pem',
		days: opts.days,
		subject: '/CN=localhost',
		extensions: [`subjectAltName=${opts.altNames}`]
	});
	const certFile = join(dir, 'cert.pem');
	const keyFile = join(dir, 'key.pem');
	return {
		dir,
		certFile,
		keyFile,
		cert: readFileSync(certFile),
		key: readFileSync(keyFile),
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

export interface TestCertificates {
	dir: string;
	caFile: string;
	certFile: string;
	keyFile: string;
	ca: Buffer;
	/** base64 SHA-256 of the server certificate's public key, for Chromium's `--ignore-certificate-errors-spki-list`. */
	spki: string;
}

/** A test CA and one server certificate for `localhost` and `127.0.0.1`, signed by it, in a fresh temp dir. */
export function makeCertificates(): TestCertificates {
	const dir = mkdtempSync(join(tmpdir(), 'kasir-edge-certs-'));
	selfSign(dir, {
		key: 'ca.key',
		cert: 'ca.pem',
		days: 2,
		subject: '/CN=Kasir edge test CA',
		extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']
	});
	openssl(
		[
			'req',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'server.key',
			'-out',
			'server.csr',
			'-subj',
			'/CN=localhost'
		],
		dir
	);
	writeFileSync(
		join(dir, 'server.ext'),
		[
			'basicConstraints=CA:FALSE',
			'keyUsage=critical,digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth',
			'subjectAltName=DNS:localhost,IP:127.0.0.1'
		].join('\n')
	);
	openssl(
		[
			'x509',
			'-req',
			'-in',
			'server.csr',
			'-CA',
			'ca.pem',
			'-CAkey',
			'ca.key',
			'-CAcreateserial',
			'-out',
			'server.pem',
			'-days',
			'2',
			'-extfile',
			'server.ext'
		],
		dir
	);
	const certFile = join(dir, 'server.pem');
	const der = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' });
	return {
		dir,
		caFile: join(dir, 'ca.pem'),
		certFile,
		keyFile: join(dir, 'server.key'),
		ca: readFileSync(join(dir, 'ca.pem')),
		spki: createHash('sha256').update(der).digest('base64')
	};
}
