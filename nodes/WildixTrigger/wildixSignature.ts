import { AUTH_MESSAGES } from '../../lib/auth';
import { hmacMatches, singleHeader } from '../../lib/signature';

/** The header Wildix puts the signature in (HTTP transport; SQS carries it as the X-SIGNATURE attribute). */
export const WILDIX_SIGNATURE_HEADER = 'x-signature';

export interface SignedRequest {
	headers: Record<string, string | string[] | undefined>;
	/** The bytes as received (n8n 2.x sets `req.rawBody` when it parses the body). */
	rawBody?: Buffer;
	/** The body as n8n parsed it. */
	body?: unknown;
}

export type SignatureVerdict = { ok: true } | { ok: false; message: string };

/**
 * Wildix signs each event: `x-signature` = lower-case hex HMAC-SHA256 of the body, keyed with the integration's
 * secret. Wildix's own example verifies it over `JSON.stringify` of the parsed body, so the signature is accepted
 * over the raw bytes first and over that compact re-serialisation second (DESIGN.md decision 5). Constant time;
 * nothing about the secret or the expected value is ever reported.
 */
export function verifyWildixSignature(request: SignedRequest, secret: string): SignatureVerdict {
	const signature = singleHeader(request.headers[WILDIX_SIGNATURE_HEADER]);
	if (signature === undefined || signature.trim() === '') {
		return { ok: false, message: AUTH_MESSAGES.missing };
	}
	const ok = hmacMatches({
		algorithm: 'sha256',
		encoding: 'hex',
		secret,
		signature,
		candidates: [request.rawBody, compactJson(request.body)],
	});
	return ok ? { ok: true } : { ok: false, message: AUTH_MESSAGES.failed };
}

/** The compact `JSON.stringify` of a parsed body, the form Wildix's example signs; undefined when not JSON. */
function compactJson(body: unknown): string | undefined {
	if (body === undefined || typeof body === 'string') return undefined;
	try {
		return JSON.stringify(body);
	} catch {
		return undefined;
	}
}
