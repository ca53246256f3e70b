/**
 * Request bodies read from the raw bytes by the trigger itself, not parsed by n8n.
 *
 * Why: n8n parses the body of a version-1 webhook node before the node runs, for anyone who sends one, before
 * any authentication. Measured on n8n 2.41: malformed JSON is answered 422 and a body over the payload limit
 * 500 before our checks; and XML bodies arriving at the same time share one xml2js parser, so concurrent XML
 * posts get each other's results or never get an answer. n8n leaves the body alone when the node's
 * `options.binaryData` is true (webhook-helpers, parseRequestBody; the same in 1.x), so every trigger that
 * takes a body declares the hidden property below, authenticates first, then reads the bytes with n8n's own
 * reader (`req.readRawBody()`: the payload size limit, gzip and deflate) and parses them.
 */
import type { INodeProperties, IWebhookFunctions } from 'n8n-workflow';

/** The hidden node parameter that asks n8n not to parse the body (the user-facing options are "settings"). */
export const RAW_BODY_PROPERTY: INodeProperties = {
	displayName: 'Raw Body',
	name: 'options',
	type: 'hidden',
	default: { binaryData: true },
};

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

export type RawBodyResult = { ok: true; raw: Buffer } | { ok: false; statusCode: 400 | 413; message: string };

export async function readRawBody(req: WebhookRequest): Promise<RawBodyResult> {
	try {
		if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') await req.readRawBody();
	} catch (error) {
		const status = (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
		if (status === 413) return { ok: false, statusCode: 413, message: 'The body is too large' };
		return { ok: false, statusCode: 400, message: 'The body could not be read' };
	}
	return { ok: true, raw: Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0) };
}

/** Deepest nesting accepted in a JSON body (vendors' events are a few levels deep). */
export const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests objects or arrays more than `max` levels (the top level is 1). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
	const pending: Array<[unknown, number]> = [[value, 1]];
	while (pending.length > 0) {
		const [node, depth] = pending.pop() as [unknown, number];
		if (typeof node !== 'object' || node === null) continue;
		if (depth > max) return true;
		for (const child of Object.values(node)) pending.push([child, depth + 1]);
	}
	return false;
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; message: string };

/** UTF-8 JSON (a byte-order mark allowed), bounded in depth. */
export function parseJson(raw: Buffer, maxDepth = MAX_JSON_DEPTH): JsonResult {
	let text = raw.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text.trim() === '') return { ok: false, message: 'The body is empty' };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, message: 'The body is not valid JSON' };
	}
	if (nestedDeeperThan(value, maxDepth)) return { ok: false, message: `The JSON is nested more than ${maxDepth} levels deep` };
	return { ok: true, value };
}
