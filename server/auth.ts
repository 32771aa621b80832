// Password, API key and JWT helpers: passwords with scrypt, API keys with SHA-256 (high-entropy keys).
import { createHash, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export function hashPassword(password: string): string {
	const salt = randomBytes(16);
	const hash = scryptSync(password, salt, 32);
	return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
	const [scheme, saltHex, hashHex] = stored.split('$');
	if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
	const expected = Buffer.from(hashHex, 'hex');
	const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length);
	return timingSafeEqual(actual, expected);
}

/** Stored form of an outlet API key; it is also the HMAC key that signs that outlet's events. */
export function hashApiKey(apiKey: string): string {
	return createHash('sha256').update(apiKey).digest('hex');
}

export function signEvent(apiKeyHash: string, id: string, payloadJson: string): string {
	return createHmac('sha256', apiKeyHash).update(`${id}.${payloadJson}`).digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
	const x = Buffer.from(a, 'hex');
	const y = Buffer.from(b, 'hex');
	return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export interface TokenClaims {
	sub: string;
	company_id: string;
	username: string;
	typ: 'access' | 'refresh';
}

export async function issueToken(secret: string, claims: TokenClaims, ttlSeconds: number): Promise<string> {
	return new SignJWT({ company_id: claims.company_id, username: claims.username, typ: claims.typ })
		.setProtectedHeader({ alg: 'HS256' })
		.setSubject(claims.sub)
		.setIssuedAt()
		.setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
		.sign(new TextEncoder().encode(secret));
}

export async function verifyToken(secret: string, token: string): Promise<TokenClaims | null> {
	try {
		const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
		if (typeof payload.sub !== 'string' || typeof payload.company_id !== 'string') return null;
		if (payload.typ !== 'access' && payload.typ !== 'refresh') return null;
		return {
			sub: payload.sub,
			company_id: payload.company_id,
			username: String(payload.username ?? ''),
			typ: payload.typ
		};
	} catch {
		return null;
	}
}
