/** The one call this node makes to CTM's REST API: fetch the activity a resource link points at. */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { CtmCredential } from './ctmAuth';

import type { ResourceLink } from './ctmActivity';

export const CREDENTIAL_TYPE = 'callTrackingMetricsApi';
export const DEFAULT_API_BASE_URL = 'https://api.calltrackingmetrics.com';
export const DEFAULT_FETCH_TIMEOUT_MS = 5000;

/** Only a resource link with Fetch Activity on calls CTM's API; every other body type works without API keys. */
export const callsCtmApi = (bodyType: string, fetchActivity: boolean): boolean => bodyType === 'resourceLink' && fetchActivity;

/** Said at activation and in the editor's test listening, and logged when a resource link cannot be fetched. */
export const MISSING_KEYS_MESSAGE =
	'The CallTrackingMetrics credential has no API keys. With the body type "Resource Link" and Fetch Activity on, the trigger fetches each activity through CTM\'s API: add the access key and secret key to the credential, or turn Fetch Activity off.';

/** The short answer CTM gets then (500: a set-up mistake on our side; answers stay under 200 characters). */
export const MISSING_KEYS_ANSWER = 'The credential has no CTM API keys; resource links need them to fetch the activity';

/** Whether the credential lacks either API key (both are needed for CTM's Basic auth). */
export function apiKeysMissing(credential: Pick<CtmCredential, 'accessKey' | 'secretKey'>): boolean {
	const set = (value: unknown) => typeof value === 'string' && value.trim() !== '';
	return !set(credential.accessKey) || !set(credential.secretKey);
}

export type FetchOutcome = { ok: true; activity: IDataObject } | { ok: false; message: string };

/** "https://api.example.com//" → "https://api.example.com", by one walk back from the end. */
function withoutTrailingSlashes(url: string): string {
	let end = url.length;
	while (end > 0 && url[end - 1] === '/') end -= 1;
	return url.slice(0, end);
}

/**
 * The URL the activity is fetched from: the link's account and activity ids on the credential's API base URL.
 * The host in the body is never used, so a forged link cannot make n8n send the API keys elsewhere.
 */
export function activityUrl(apiBaseUrl: string | undefined, link: ResourceLink): string | undefined {
	if (!link.accountId || !link.activityId) return undefined;
	const base = withoutTrailingSlashes(apiBaseUrl?.trim() || DEFAULT_API_BASE_URL);
	return `${base}/api/v1/accounts/${encodeURIComponent(link.accountId)}/calls/${encodeURIComponent(link.activityId)}.json`;
}

/** Why a fetch failed, in words that are safe to send back to CTM (no keys, no response bodies). */
export function describeFetchFailure(error: unknown): string {
	const e = (error ?? {}) as {
		httpCode?: unknown;
		code?: unknown;
		message?: unknown;
		description?: unknown;
		cause?: { code?: unknown; message?: unknown; status?: unknown; response?: { status?: unknown } };
	};
	const status = [e.httpCode, e.cause?.status, e.cause?.response?.status].map(String).find((s) => /^\d{3}$/.test(s));
	if (status) return `CTM answered ${status}`;
	const words = [e.httpCode, e.code, e.message, e.description, e.cause?.code, e.cause?.message].map(String).join(' ');
	if (/timeout|timed out|ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT/i.test(words)) return 'the request timed out';
	return 'CTM could not be reached';
}

/** Fetches the activity with the credential's access and secret key (Basic auth, see the credential). */
export async function fetchActivity(
	this: IWebhookFunctions,
	url: string,
	timeoutMs: number,
): Promise<FetchOutcome> {
	try {
		const response: unknown = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: 'GET',
			url,
			json: true,
			timeout: timeoutMs,
			headers: { accept: 'application/json' },
			sendCredentialsOnCrossOriginRedirect: false,
		});
		if (typeof response !== 'object' || response === null || Array.isArray(response)) {
			return { ok: false, message: 'Could not fetch the activity from CTM: the answer was not an activity' };
		}
		return { ok: true, activity: response as IDataObject };
	} catch (error) {
		const reason = describeFetchFailure(error);
		this.logger?.warn(`CallTrackingMetrics Trigger: fetching ${url} failed (${reason}); CTM was answered 502`);
		return { ok: false, message: `Could not fetch the activity from CTM: ${reason}` };
	}
}
