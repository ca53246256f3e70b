import { createHash, timingSafeEqual } from 'crypto';

/** Why a request was turned away: the HTTP status and a short message that echoes nothing sent. */
export interface AuthFailure {
	statusCode: 401 | 403;
	message: string;
}

/**
 * Compares two secrets in constant time. Both sides are hashed first so that neither the content nor the
 * length of the expected secret leaks through timing. An empty expected secret never matches.
 */
export function secretsMatch(given: string, expected: string): boolean {
	if (expected.length === 0) return false;
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/**
 * Checks an `Authorization: Bearer <secret>` header the way M8Com's own example middleware does:
 * no header → 401, anything but the exact secret → 403.
 */
export function checkBearer(authorization: string | string[] | undefined, secret: string): AuthFailure | undefined {
	const header = Array.isArray(authorization) ? authorization[0] : authorization;
	if (header === undefined || header.trim() === '') {
		return { statusCode: 401, message: 'No authorization header provided' };
	}
	const match = /^Bearer[ \t]+(.*)$/i.exec(header.trim());
	if (!match || !secretsMatch(match[1].trim(), secret)) {
		return { statusCode: 403, message: 'Invalid secret' };
	}
	return undefined;
}

/** `Authorization: Basic …` against a configured user and password (CTM and AutoID can send one). */
export function checkBasicAuth(
	authorization: string | string[] | undefined,
	expected: { user: string; password: string },
): AuthFailure | undefined {
	const header = Array.isArray(authorization) ? authorization[0] : authorization;
	if (header === undefined || header.trim() === '') {
		return { statusCode: 401, message: 'No authorization header provided' };
	}
	const match = /^Basic[ \t]+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
	const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
	const colon = decoded.indexOf(':');
	const userOk = colon >= 0 && secretsMatch(decoded.slice(0, colon), expected.user);
	const passwordOk = colon >= 0 && secretsMatch(decoded.slice(colon + 1), expected.password);
	if (!userOk || !passwordOk) return { statusCode: 403, message: 'Invalid basic auth credentials' };
	return undefined;
}

export interface ExpectedHeader {
	name: string;
	value: string;
}

/**
 * Custom header authentication: every configured header must be present (401 otherwise) with exactly its
 * value (403 otherwise). Header names are matched case-insensitively, as HTTP does; values never echoed.
 */
export function checkHeaders(
	headers: Record<string, string | string[] | undefined>,
	expected: ExpectedHeader[],
): AuthFailure | undefined {
	for (const { name, value } of expected) {
		const given = headers[name.trim().toLowerCase()];
		const first = Array.isArray(given) ? given[0] : given;
		if (first === undefined || first === '') {
			return { statusCode: 401, message: `Missing header ${name.trim()}` };
		}
		if (!secretsMatch(first, value)) return { statusCode: 403, message: `Invalid value for header ${name.trim()}` };
	}
	return undefined;
}
