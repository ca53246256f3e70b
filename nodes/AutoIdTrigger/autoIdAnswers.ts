/** The answers AutoID gets: its chosen success code, also when a webhook is deliberately ignored. */
import type { IWebhookResponseData } from 'n8n-workflow';

import { JSON_CONTENT_TYPE, type WebhookResponse } from '../../lib/webhookResponse';

/** AutoID's "Success response code" choices, in its words; the trigger answers with the one picked. */
export const SUCCESS_CODE_OPTIONS = [
	{ name: '200 OK', value: 200 },
	{ name: '201 Created', value: 201 },
	{ name: '202 Accepted', value: 202 },
	{ name: '203 Non-Authoritative Information', value: 203 },
	{ name: '204 No Content', value: 204 },
];

export const SUCCESS_CODES = SUCCESS_CODE_OPTIONS.map((option) => option.value);

/** The configured success code, or 200 for anything that is not one of AutoID's choices. */
export function successCode(value: unknown): number {
	const code = Number(value);
	return SUCCESS_CODES.includes(code) ? code : 200;
}

export const UNSUPPORTED_CONTENT_TYPE =
	'Unsupported content type: send application/json, application/xml or text/xml (AutoID: HTTP Header Content-Type)';

/**
 * Acknowledges a webhook the workflow does not want (e.g. call begin when only call end is selected) with the
 * success code AutoID expects, so it does not retry; a short JSON reason, no body for 204. Starts nothing.
 */
export function acknowledgeIgnored(res: WebhookResponse, statusCode: number, message: string): IWebhookResponseData {
	if (!res.headersSent) {
		if (statusCode === 204) {
			res.writeHead(204);
			res.end();
		} else {
			res.writeHead(statusCode, { 'content-type': JSON_CONTENT_TYPE });
			res.end(JSON.stringify({ message }));
		}
	}
	return { noWebhookResponse: true };
}
