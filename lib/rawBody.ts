/**
 * Request bodies as bytes, read within a limit, and parsed as JSON. Plain Node: what n8n does with the request
 * around these helpers (it leaves the body unread for our triggers, its own reader, `req.rawBody`) is
 * lib/n8nWebhookSeam.ts's business (`readRequestBody`).
 */

/** The part of a Node readable stream (an `IncomingMessage`) the bounded reader uses. */
export interface ByteStream {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	off(event: string, listener: (...args: unknown[]) => void): unknown;
	resume(): unknown;
}

export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; reason: 'tooLarge' | 'unreadable' };

/**
 * Reads a stream to its end, or stops as soon as more than `maxBytes` arrived: the bytes read so far are dropped
 * and the rest of the stream is drained unread (so the connection can close after the answer; keep-alive would
 * otherwise wait on a paused request). An error, or a close before the end (the client went away), is `unreadable`.
 */
export function readStreamBounded(stream: ByteStream, maxBytes: number): Promise<BodyRead> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const finish = (result: BodyRead) => {
			stream.off('data', onData);
			stream.off('end', onEnd);
			stream.off('error', onFailure);
			stream.off('close', onFailure);
			resolve(result);
		};
		const onData = (chunk: unknown) => {
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			size += bytes.length;
			if (size > maxBytes) {
				chunks.length = 0;
				finish({ ok: false, reason: 'tooLarge' });
				stream.resume();
				return;
			}
			chunks.push(bytes);
		};
		const onEnd = () => finish({ ok: true, bytes: Buffer.concat(chunks, size) });
		// 'close' also follows a normal 'end'; by then the listeners are gone.
		const onFailure = () => finish({ ok: false, reason: 'unreadable' });
		stream.on('data', onData);
		stream.on('end', onEnd);
		stream.on('error', onFailure);
		stream.on('close', onFailure);
	});
}

/**
 * Decodes a gzip or deflate body (the Content-Encodings n8n's own reader decodes, with the same zlib formats),
 * stopping as soon as the decoded size passes `maxBytes`, so a small compressed body cannot expand into a large one.
 * Uses the Web Compression Streams global (Node 18+), as shipped code may not import zlib.
 */
export async function decompressBounded(compressed: Buffer, format: 'gzip' | 'deflate', maxBytes: number): Promise<BodyRead> {
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		const reader = new Blob([compressed]).stream().pipeThrough(new DecompressionStream(format)).getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				await reader.cancel();
				return { ok: false, reason: 'tooLarge' };
			}
			chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
		}
	} catch {
		return { ok: false, reason: 'unreadable' };
	}
	return { ok: true, bytes: Buffer.concat(chunks, size) };
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
