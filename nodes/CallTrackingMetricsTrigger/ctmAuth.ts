import { checkBasicAuth, checkHeaders } from '../../lib/auth';
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

/** A selected mode whose credential fields are empty is a set-up mistake on our side: 500, nothing checked. */
function missingSetting(modes: CtmAuthMode[], credential: CtmCredential): string | undefined {
	if (modes.includes('signature') && !text(credential.signingSecret)) {
		return 'Signature checking is on but the credential has no webhook signing secret';
	}
	if (modes.includes('basicAuth') && (!text(credential.basicAuthUser) || !text(credential.basicAuthPassword))) {
		return 'Basic auth is on but the credential has no basic auth user and password';
	}
	if (modes.includes('headerAuth') && (!text(credential.headerName).trim() || !text(credential.headerSecret))) {
		return 'Header auth is on but the credential has no header name and value';
	}
	return undefined;
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
	const misconfigured = missingSetting(modes, credential);
	if (misconfigured) return { ok: false, statusCode: 500, message: misconfigured };

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
