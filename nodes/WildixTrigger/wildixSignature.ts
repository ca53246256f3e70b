import { AUTH_MESSAGES } from '../../lib/auth';
import { parseJson, type JsonResult } from '../../lib/rawBody';
import { hmacMatches, singleHeader } from '../../lib/signature';

/** The header Wildix puts the signature in (HTTP transport; SQS carries it as the X-SIGNATURE attribute). */
export const WILDIX_SIGNATURE_HEADER = 'x-signature';

/**
 * The largest body whose compact re-serialisation is also tried. Wildix's documented events are about 2 KB
 * (vendor-docs wildix-webhooks); a body that fails over its raw bytes is parsed and re-serialised only up to this
 * size, so a stranger's large body costs one HMAC and nothing more.
 */
export const COMPACT_SIGNATURE_MAX_BYTES = 256 * 1024;

export interface SignedRequest {
	headers: Record<string, string | string[] | undefined>;
	/** The bytes as received. */
	rawBody: Buffer;
}

/** Verified, with the body already parsed when the compact form had to be tried (so it is not parsed twice). */
export type SignatureVerdict = { ok: true; parsed?: JsonResult } | { ok: false; message: string };

const INVALID: SignatureVerdict = { ok: false, message: AUTH_MESSAGES.failed };

/**
 * Wildix signs each event: `x-signature` = lower-case hex HMAC-SHA256 of the body, keyed with the integration's
 * secret. First one HMAC over the raw bytes; only when that fails, and only for a body of plausible size that is
 * JSON, one more over its compact `JSON.stringify`, the form Wildix's own example verifies (DESIGN.md decisions 5
 * and its 2026-12-01 revision: no work proportional to the body for a stranger). Constant time; nothing about the
 * secret or the expected value is ever reported.
 */
export function verifyWildixSignature(request: SignedRequest, secret: string): SignatureVerdict {
	const signature = singleHeader(request.headers[WILDIX_SIGNATURE_HEADER]);
	if (signature === undefined || signature.trim() === '') {
		return { ok: false, message: AUTH_MESSAGES.missing };
	}
	const signs = (payload: Buffer | string) =>
		hmacMatches({ algorithm: 'sha256', encoding: 'hex', secret, signature, candidates: [payload] });
	if (signs(request.rawBody)) return { ok: true };

	if (request.rawBody.length > COMPACT_SIGNATURE_MAX_BYTES) return INVALID;
	const parsed = parseJson(request.rawBody);
	if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return INVALID;
	return signs(JSON.stringify(parsed.value)) ? { ok: true, parsed } : INVALID;
}
