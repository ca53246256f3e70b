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
