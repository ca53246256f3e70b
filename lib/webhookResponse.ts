import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** The HTTP response n8n hands a webhook (Express's, a Node ServerResponse underneath). */
export type WebhookResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The longest message an answer carries: a rejection says what was wrong in a line, never repeats the request. */
export const MAX_MESSAGE_LENGTH = 200;

/**
 * Answers a request the trigger turns away (bad auth, malformed input) with a short JSON message and tells
 * n8n that the response is already sent, so no execution starts. `headers` adds any the answer needs (e.g.
 * `Connection: close` when the rest of an oversized body is left unread). Messages are written to be short; the
 * cut at MAX_MESSAGE_LENGTH is the last guard.
 */
export function rejectRequest(
	res: WebhookResponse,
	statusCode: number,
	message: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	if (!res.headersSent) {
		const short = message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
		res.writeHead(statusCode, { ...headers, 'content-type': JSON_CONTENT_TYPE });
		res.end(JSON.stringify({ message: short }));
	}
	return { noWebhookResponse: true };
}

/**
 * Acknowledges a valid request the user chose not to run a workflow for (a filtered-out event type, a call
 * too short): 200 with a short JSON message, so the vendor does not retry, and no execution.
 */
export function ignoreRequest(res: WebhookResponse, reason: string): IWebhookResponseData {
	return rejectRequest(res, 200, `Ignored: ${reason}`);
}
