import { AUTH_MESSAGES, type AuthFailure } from '../../lib/auth';
import { hmacMatches, singleHeader, timestampIsFresh } from '../../lib/signature';

/**
 * CTM's request signature: `X-CTM-Signature` = Base64(HMAC-SHA1(secret, X-CTM-Time + raw body)), where
 * `X-CTM-Time` is Unix seconds. CTM integrators report that the signed body lacks the trailing newline the sent
 * body may carry, so both are accepted. Which secret signs differs between accounts, hence enforcement is a
 * choice in the node, not a default.
 */
export const SIGNATURE_HEADER = 'x-ctm-signature';
export const TIME_HEADER = 'x-ctm-time';
export const DEFAULT_SIGNATURE_WINDOW_SECONDS = 300;

type Headers = Record<string, string | string[] | undefined>;

const LF = 0x0a;
const CR = 0x0d;

/**
 * The body's length without its trailing line breaks (`\n` or `\r\n`, any number), found by one walk back from
 * the end: a regular expression anchored at the end (`/(\r?\n)+$/`) restarts at every line break and took
 * minutes on a body of newlines, before any signature was checked.
 */
export function lengthWithoutTrailingNewlines(body: Buffer): number {
	let end = body.length;
	while (end > 0 && body[end - 1] === LF) {
		end -= 1;
		if (end > 0 && body[end - 1] === CR) end -= 1;
	}
	return end;
}

/** The bytes CTM may have signed: time + raw body, then time + the body without its trailing newline(s). */
export function signedPayloads(time: string, rawBody: Buffer): Array<Buffer | undefined> {
	const prefix = Buffer.from(time, 'utf8');
	const trimmedLength = lengthWithoutTrailingNewlines(rawBody);
	return [
		Buffer.concat([prefix, rawBody]),
		trimmedLength < rawBody.length ? Buffer.concat([prefix, rawBody.subarray(0, trimmedLength)]) : undefined,
	];
}

export interface CtmSignatureCheck {
	headers: Headers;
	rawBody: Buffer;
	secret: string;
	windowSeconds: number;
	nowMs?: number;
}

/**
 * Missing headers → 401; a signature that does not match, or a valid one whose X-CTM-Time is outside the
 * window (a replay) → 403. The answers say no more than that (AUTH_MESSAGES): not which header is missing,
 * nor whether the time or the signature was wrong.
 */
export function verifyCtmSignature(check: CtmSignatureCheck): AuthFailure | undefined {
	const signature = singleHeader(check.headers[SIGNATURE_HEADER]);
	const time = singleHeader(check.headers[TIME_HEADER])?.trim();
	if (!signature?.trim() || !time) return { statusCode: 401, message: AUTH_MESSAGES.missing };
	const matches = hmacMatches({
		algorithm: 'sha1',
		encoding: 'base64',
		secret: check.secret,
		signature,
		candidates: signedPayloads(time, check.rawBody),
	});
	const fresh = timestampIsFresh(time, check.windowSeconds, check.nowMs ?? Date.now());
	return matches && fresh ? undefined : { statusCode: 403, message: AUTH_MESSAGES.failed };
}
