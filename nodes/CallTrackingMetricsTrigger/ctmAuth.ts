import { AUTH_MESSAGES, checkBasicAuth, checkHeaders } from '../../lib/auth';
import { verifyCtmSignature } from './ctmSignature';

/** What the CallTrackingMetrics credential holds (field names as in CallTrackingMetricsApi.credentials.ts). */
export interface CtmCredential {
	accessKey?: string;
	secretKey?: string;
	apiBaseUrl?: string;
	signingSecret?: string;
	basicAuthUser?: string;
	basicAuthPassword?: string;
	headerName?: string;
	headerSecret?: string;
}

export type CtmAuthMode = 'signature' | 'basicAuth' | 'headerAuth';

export const AUTH_MODE_OPTIONS: Array<{ name: string; value: CtmAuthMode; description: string }> = [
	{
		name: 'Basic Auth',
		value: 'basicAuth',
		description: 'CTM sends the user and password of the credential (webhook → Authentication)',
	},
	{
		name: 'Header Auth',
		value: 'headerAuth',
		description: 'CTM sends the custom header of the credential (webhook → Authentication → headers)',
	},
	{
		name: 'Signature (X-CTM-Signature)',
		value: 'signature',
		description: 'CTM signs each request with the webhook signing secret of the credential',
	},
];

export type AuthOutcome = { ok: true } | { ok: false; statusCode: 401 | 403 | 500; message: string };

export interface CtmRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Whether a selected mode has empty credential fields: the signing secret (signature), user and password (basic
 * auth), header name and value (header auth). A set-up mistake on our side: 500, nothing checked, and the
 * caller is not told which setting is missing.
 */
export function isMisconfigured(modes: CtmAuthMode[], credential: CtmCredential): boolean {
	return (
		(modes.includes('signature') && !text(credential.signingSecret)) ||
		(modes.includes('basicAuth') && (!text(credential.basicAuthUser) || !text(credential.basicAuthPassword))) ||
		(modes.includes('headerAuth') && (!text(credential.headerName).trim() || !text(credential.headerSecret)))
	);
}

/** The request headers (lower case) the header checks compared: what lib/verifiedSecrets.ts remembers. */
export function checkedHeaderNames(modes: CtmAuthMode[], credential: CtmCredential): string[] {
	const names: string[] = [];
	if (modes.includes('basicAuth')) names.push('authorization');
	if (modes.includes('headerAuth')) names.push(text(credential.headerName).trim().toLowerCase());
	return names;
}

/**
 * Every selected mode must pass (any combination may be selected). The first failure decides the answer:
 * 401 when something is missing, 403 when it is wrong.
 */
export function authenticateCtmRequest(
	modes: CtmAuthMode[],
	credential: CtmCredential,
	request: CtmRequest,
	options: { windowSeconds: number; nowMs?: number },
): AuthOutcome {
	if (isMisconfigured(modes, credential)) return { ok: false, statusCode: 500, message: AUTH_MESSAGES.notSetUp };

	const failure =
		(modes.includes('basicAuth')
			? checkBasicAuth(request.headers.authorization, {
					user: text(credential.basicAuthUser),
					password: text(credential.basicAuthPassword),
				})
			: undefined) ??
		(modes.includes('headerAuth')
			? checkHeaders(request.headers, [{ name: text(credential.headerName), value: text(credential.headerSecret) }])
			: undefined) ??
		(modes.includes('signature')
			? verifyCtmSignature({
					headers: request.headers,
					rawBody: request.rawBody,
					secret: text(credential.signingSecret),
					windowSeconds: options.windowSeconds,
					nowMs: options.nowMs,
				})
			: undefined);
	return failure ? { ok: false, ...failure } : { ok: true };
}
