import { createHmac, timingSafeEqual } from 'crypto';

/**
 * One small, paranoid HMAC check for every signing vendor (Wildix: hex SHA-256; CTM: Base64 SHA-1 over
 * time + body). It never throws: any failure is simply "not verified".
 */
export interface HmacCheck {
	algorithm: 'sha1' | 'sha256';
	encoding: 'hex' | 'base64';
	secret: string;
	/** The signature as sent (a header value). */
	signature: string | string[] | undefined;
	/** The signed bytes to try, in order: the raw body first, then any tolerated re-serialisation. */
	candidates: Array<Buffer | string | undefined>;
}

/**
 * The exact text of each digest: hex digits in either case (SHA-1 40, SHA-256 64), or RFC 4648 Base64 with its
 * one "=" of padding (SHA-1 28 characters, SHA-256 44). Anything shorter, longer, unpadded, URL-safe or with a
 * stray character is no signature.
 */
const SIGNATURE_FORMAT: Record<HmacCheck['algorithm'], Record<HmacCheck['encoding'], RegExp>> = {
	sha1: { hex: /^[0-9a-f]{40}$/i, base64: /^[A-Za-z0-9+/]{27}=$/ },
	sha256: { hex: /^[0-9a-f]{64}$/i, base64: /^[A-Za-z0-9+/]{43}=$/ },
};

/** The first value of a header that may arrive once or repeated. */
export function singleHeader(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * Decodes a signature strictly: Buffer.from silently skips bad characters and a trailing odd hex digit, and
 * ignores the unused bits of Base64's last character, so the text is checked first and must be the canonical
 * encoding of the bytes.
 */
export function decodeSignature(
	signature: unknown,
	algorithm: HmacCheck['algorithm'],
	encoding: HmacCheck['encoding'],
): Buffer | undefined {
	if (typeof signature !== 'string') return undefined;
	const trimmed = signature.trim();
	if (!SIGNATURE_FORMAT[algorithm][encoding].test(trimmed)) return undefined;
	const bytes = Buffer.from(trimmed, encoding);
	const canonical = bytes.toString(encoding);
	return (encoding === 'hex' ? trimmed.toLowerCase() : trimmed) === canonical ? bytes : undefined;
}

export function hmacMatches(check: HmacCheck): boolean {
	try {
		const given = singleHeader(check.signature);
		if (!check.secret || given === undefined) return false;
		const actual = decodeSignature(given, check.algorithm, check.encoding);
		if (!actual) return false;
		return check.candidates.some((payload) => {
			if (payload === undefined) return false;
			const expected = createHmac(check.algorithm, check.secret).update(payload).digest();
			return expected.length === actual.length && timingSafeEqual(expected, actual);
		});
	} catch {
		return false;
	}
}

/** Signs a payload the way the vendors do; used by tests and by the docs' examples. */
export function hmacSignature(
	algorithm: HmacCheck['algorithm'],
	encoding: HmacCheck['encoding'],
	secret: string,
	payload: Buffer | string,
): string {
	return createHmac(algorithm, secret).update(payload).digest(encoding);
}

/**
 * Whether a Unix-seconds timestamp header is within `windowSeconds` of now (either side, for clock skew).
 * Missing or non-numeric timestamps are never fresh.
 */
export function timestampIsFresh(
	timestampSeconds: string | string[] | undefined,
	windowSeconds: number,
	nowMs: number = Date.now(),
): boolean {
	const value = singleHeader(timestampSeconds)?.trim();
	if (!value || !/^\d{1,12}$/.test(value)) return false;
	return Math.abs(nowMs / 1000 - Number(value)) <= windowSeconds;
}
