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

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * Whether a parsed JSON value nests objects or arrays more than `max` levels (the top level is 1). Iterative, and
 * only containers are queued: a wide object of plain values costs one pass and no allocation per value.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
	const pending: Array<[object, number]> = isContainer(value) ? [[value, 1]] : [];
	while (pending.length > 0) {
		const [node, depth] = pending.pop() as [object, number];
		if (depth > max) return true;
		const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
		for (const child of children) if (isContainer(child)) pending.push([child, depth + 1]);
	}
	return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether JSON text opens more than `max` arrays or objects inside each other, found by one pass over the text
 * (brackets inside strings do not count) before anything is built: V8's JSON.parse of 500,000 nested arrays
 * took super-linear time (and memory), only for the result to be refused afterwards.
 */
export function jsonTextNestedDeeperThan(text: string, max: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i += 1) {
		const code = text.charCodeAt(i);
		if (inString) {
			if (code === BACKSLASH) i += 1;
			else if (code === QUOTE) inString = false;
		} else if (code === QUOTE) {
			inString = true;
		} else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
			depth += 1;
			if (depth > max) return true;
		} else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
			depth -= 1;
		}
	}
	return false;
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON text (a byte-order mark allowed), bounded in depth before it is parsed. */
export function parseJsonText(source: string, maxDepth = MAX_JSON_DEPTH): JsonResult {
	const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
	if (text.trim() === '') return { ok: false, message: 'The body is empty' };
	const tooDeep = { ok: false as const, message: `The JSON is nested more than ${maxDepth} levels deep` };
	if (jsonTextNestedDeeperThan(text, maxDepth)) return tooDeep;
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, message: 'The body is not valid JSON' };
	}
	return nestedDeeperThan(value, maxDepth) ? tooDeep : { ok: true, value };
}

/** UTF-8 JSON (a byte-order mark allowed), bounded in depth. */
export function parseJson(raw: Buffer, maxDepth = MAX_JSON_DEPTH): JsonResult {
	return parseJsonText(raw.toString('utf8'), maxDepth);
}
