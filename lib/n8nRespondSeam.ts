/**
 * How the lookup's answer travels through n8n (DESIGN.md decision 3), and the one place for the differences
 * between n8n versions in that path. The trigger declares `responseMode: 'responseNode'` (lib/n8nWebhookSeam.ts
 * `triggerWebhook`), authenticates, returns {@link keepResponse} and guards the response (lib/responseGuard.ts);
 * the respond node hands its answer to n8n with {@link respondThroughN8n}.
 *
 * - A Buffer body passes through n8n unchanged: n8n 2.41 and 1.123 `webhook-helpers.js`
 *   `setupResponseNodePromise` apply the headers and `res.end(body)` it; in queue mode the worker relays it to the
 *   webhook process base64-encoded (`__@N8nEncodedBuffer@__`: 2.41 `scaling/webhook-response-relay.js`, 1.123
 *   `scaling/job-processor.js` `encodeWebhookResponse` / `scaling.service.js` `decodeWebhookResponse`). A plain
 *   object body would be re-serialised by n8n, and is lost when the trigger has already told n8n it keeps the
 *   response (`noWebhookResponse`).
 * - The status code: n8n 2.41 applies `statusCode` to a Buffer body (`res.status(...)`); n8n 1.123 ignores it and
 *   the answer would go out as 200. So the status also travels as a header ({@link STATUS_HEADER}), which n8n
 *   relays like any other, and the trigger's response guard applies it and removes the header just before the
 *   answer is written ({@link applyRelayedStatus}): the same status on every version, and the header never reaches
 *   the client.
 */
import type { IDataObject, IExecuteFunctions, IWebhookResponseData, INodeExecutionData } from 'n8n-workflow';

import type { PreparedAnswer } from './responseGuard';
import type { WebhookResponse } from './webhookResponse';

/** Carries the answer's status code from the respond node to the trigger's guard (never sent to the client). */
export const STATUS_HEADER = 'x-telephony-webhooks-status';

/** The respond node's half: hand the answer to n8n as a Buffer body, its status also as {@link STATUS_HEADER}. */
export async function respondThroughN8n(context: IExecuteFunctions, answer: PreparedAnswer): Promise<void> {
	const headers: IDataObject = { ...answer.headers, [STATUS_HEADER]: String(answer.statusCode) };
	await context.sendResponse({ body: answer.body, headers, statusCode: answer.statusCode });
}

/**
 * The guard's half, called with the answer about to be written (headers not sent yet): applies a status the
 * respond node sent as {@link STATUS_HEADER} and removes the header. Anything that is not a status code is dropped.
 */
export function applyRelayedStatus(res: WebhookResponse): void {
	const relayed = res.getHeader(STATUS_HEADER);
	if (relayed === undefined) return;
	res.removeHeader(STATUS_HEADER);
	const status = Number(Array.isArray(relayed) ? relayed[0] : relayed);
	if (Number.isInteger(status) && status >= 200 && status <= 599) res.statusCode = status;
}

/** What the trigger returns: start the workflow, and leave the HTTP response to the respond node (and the guard). */
export function keepResponse(workflowData: INodeExecutionData[][]): IWebhookResponseData {
	return { noWebhookResponse: true, workflowData };
}
