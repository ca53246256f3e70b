import { createHash, timingSafeEqual } from 'crypto';

/** Why a request was turned away: the HTTP status and a short message that echoes nothing sent. */
export interface AuthFailure {
	statusCode: 401 | 403;
	message: string;
}

/**
 * Everything a caller who did not authenticate hears, for every vendor and every check: one short phrase per
 * class, never which header, scheme, signature or setting is expected (that would guide a guesser).
 */
export const AUTH_MESSAGES = {
	/** Nothing that could authenticate was sent (401). */
	missing: 'Authentication required',
	/** Something was sent, and it is wrong, stale or malformed (403; Wildix: 401). */
	failed: 'Authentication failed',
	/** The workflow's own set-up cannot check anything: a selected check has no value in the credential. */
	notSetUp: 'Authentication is not set up for this webhook',
} as const;

const MISSING: AuthFailure = { statusCode: 401, message: AUTH_MESSAGES.missing };
const FAILED: AuthFailure = { statusCode: 403, message: AUTH_MESSAGES.failed };

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
 * The value after an auth scheme (`Bearer <value>`, `Basic <value>`; the scheme in any case, then at least one
 * space or tab), trimmed; undefined for another scheme. Read by position, without a regular expression, so a
 * header of any length costs one pass.
 */
function schemeValue(header: string, scheme: string): string | undefined {
	const text = header.trim();
	const separator = text[scheme.length];
	if (text.slice(0, scheme.length).toLowerCase() !== scheme || (separator !== ' ' && separator !== '\t')) return undefined;
	return text.slice(scheme.length + 1).trim();
}

/** Canonical Base64 (RFC 4648 alphabet, padded) decoded to text, else undefined: Buffer.from skips bad characters. */
function decodeBase64Strictly(value: string): string | undefined {
	if (value === '' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
	const bytes = Buffer.from(value, 'base64');
	return bytes.toString('base64') === value ? bytes.toString('utf8') : undefined;
}

/**
 * Checks an `Authorization: Bearer <secret>` header the way M8Com's own example middleware does:
 * no header → 401, anything but the exact secret → 403 (the words of AUTH_MESSAGES, not M8Com's example's).
 */
export function checkBearer(authorization: string | string[] | undefined, secret: string): AuthFailure | undefined {
	const header = Array.isArray(authorization) ? authorization[0] : authorization;
	if (typeof header !== 'string' || header.trim() === '') return MISSING;
	const token = schemeValue(header, 'bearer');
	return token === undefined || !secretsMatch(token, secret) ? FAILED : undefined;
}

/** `Authorization: Basic …` against a configured user and password (CTM and AutoID can send one). */
export function checkBasicAuth(
	authorization: string | string[] | undefined,
	expected: { user: string; password: string },
): AuthFailure | undefined {
	const header = Array.isArray(authorization) ? authorization[0] : authorization;
	if (typeof header !== 'string' || header.trim() === '') return MISSING;
	const decoded = decodeBase64Strictly(schemeValue(header, 'basic') ?? '') ?? '';
	const colon = decoded.indexOf(':');
	const userOk = colon >= 0 && secretsMatch(decoded.slice(0, colon), expected.user);
	const passwordOk = colon >= 0 && secretsMatch(decoded.slice(colon + 1), expected.password);
	if (!userOk || !passwordOk) return FAILED;
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
		const key = name.trim().toLowerCase();
		const given = Object.prototype.hasOwnProperty.call(headers, key) ? headers[key] : undefined;
		const first = Array.isArray(given) ? given[0] : given;
		if (first === undefined || first === '') return MISSING;
		if (typeof first !== 'string' || !secretsMatch(first, value)) return FAILED;
	}
	return undefined;
}
