import { STATUS_HEADER, applyRelayedStatus } from './n8nRespondSeam';
import type { WebhookResponse } from './webhookResponse';

type ServerResponse = WebhookResponse;

/** A complete HTTP answer held ready, e.g. the lookup's no-match answer. */
export interface PreparedAnswer {
	statusCode: number;
	headers: Record<string, string>;
	body: Buffer;
}

export interface ResponseGuard {
	/** Sends the fallback unless something was already sent; true when it did. */
	sendFallback(): boolean;
}

/** Told about the answer the workflow sent (never the fallback), e.g. to cache it. */
export type AnswerListener = (answer: PreparedAnswer) => void;

/**
 * Makes a response safe to race for: the first complete answer wins, later writes are harmless.
 *
 * Whoever answers first (the respond node through n8n, or the deadline) goes through; after that
 * `writeHead`, `setHeader` and `setHeaders` do nothing and a second `end` does nothing. A bare `end()` on an
 * unanswered response, which is how n8n closes a webhook whose workflow ended without responding, sends the
 * fallback instead of an empty 200.
 *
 * The checks read `headersSent`/`writableEnded` rather than a flag of our own: Node's real `end` calls
 * `writeHead` itself (implicit headers), and a flag set before that call would block it and put a
 * headerless body on the wire.
 *
 * The answer's status is the one the respond node chose on every n8n version: the guard applies the status it
 * relayed as a header (lib/n8nRespondSeam.ts) just before the answer is written.
 *
 * `onAnswer`, when given, hears about the answer that went out through `end(body)` in one piece (status, content
 * type and body bytes), right after it was written, as n8n writes the respond node's answer. It never hears the
 * fallback, a late answer that was dropped, a bare `end()`, or a body streamed with `write()`.
 */
export function guardResponse(res: ServerResponse, fallback: PreparedAnswer, onAnswer?: AnswerListener): ResponseGuard {
	const original = {
		writeHead: res.writeHead,
		setHeader: res.setHeader,
		setHeaders: (res as { setHeaders?: unknown }).setHeaders as
			| ((this: ServerResponse, headers: unknown) => ServerResponse)
			| undefined,
		end: res.end,
	};

	const sendFallback = (): boolean => {
		if (res.headersSent || res.writableEnded || res.destroyed) return false;
		original.writeHead.call(res, fallback.statusCode, { ...fallback.headers, 'content-length': fallback.body.length });
		(original.end as (chunk: Buffer) => ServerResponse).call(res, fallback.body);
		return true;
	};

	res.setHeader = function (this: ServerResponse, ...args: Parameters<ServerResponse['setHeader']>) {
		if (res.headersSent) return res;
		return original.setHeader.apply(res, args);
	} as ServerResponse['setHeader'];

	if (original.setHeaders) {
		const setHeaders = original.setHeaders;
		(res as unknown as { setHeaders: unknown }).setHeaders = function (headers: unknown) {
			if (res.headersSent) return res;
			return setHeaders.call(res, headers);
		};
	}

	res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
		if (res.headersSent) return res;
		return (original.writeHead as (...a: unknown[]) => ServerResponse).apply(res, args);
	} as ServerResponse['writeHead'];

	res.end = function (this: ServerResponse, ...args: unknown[]) {
		if (res.writableEnded) return res;
		const bareEnd = args.length === 0 || args[0] === undefined || args[0] === null || typeof args[0] === 'function';
		if (bareEnd && !res.headersSent) {
			sendFallback();
			return res;
		}
		// The respond node's status travels as a header too (n8n 1.x ignores the status of a Buffer body).
		if (!res.headersSent) applyRelayedStatus(res);
		// Only an answer written in one piece is reported: a body streamed with write() is not all in this chunk.
		const wholeAnswer = onAnswer !== undefined && !res.headersSent;
		const result = (original.end as (...a: unknown[]) => ServerResponse).apply(res, args);
		if (wholeAnswer && onAnswer) reportAnswer(res, args[0], onAnswer);
		return result;
	} as ServerResponse['end'];

	return { sendFallback };
}

/** Hands the answer that just went out to the listener; a listener's failure never reaches the response. */
function reportAnswer(res: ServerResponse, chunk: unknown, onAnswer: AnswerListener): void {
	if (!Buffer.isBuffer(chunk) && typeof chunk !== 'string') return;
	const contentType = res.getHeader('content-type');
	try {
		onAnswer({
			statusCode: res.statusCode,
			headers: typeof contentType === 'string' ? { 'content-type': contentType } : {},
			body: Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk),
		});
	} catch {
		// The answer is already on the wire; whatever the listener does with it must not affect it.
	}
}

/**
 * Sends `answer` now, and afterwards hands whatever the workflow answers (through n8n, onto this same response)
 * to `onAnswer` instead of the wire: the lookup's stale-while-refresh. Headers set later are recorded, not sent
 * (Node would throw: the headers are out); the status is the one the respond node relayed
 * (lib/n8nRespondSeam.ts), else the one n8n set; a bare `end()` and streamed writes report nothing.
 */
export function answerThenRecord(res: ServerResponse, answer: PreparedAnswer, onAnswer: AnswerListener): void {
	const original = { writeHead: res.writeHead, end: res.end };
	original.writeHead.call(res, answer.statusCode, { ...answer.headers, 'content-length': answer.body.length });
	(original.end as (chunk: Buffer) => ServerResponse).call(res, answer.body);

	const recorded = new Map<string, unknown>();
	let statusCode: number | undefined;
	const record = (name: unknown, value: unknown) => {
		if (typeof name === 'string') recorded.set(name.toLowerCase(), value);
	};
	res.setHeader = function (this: ServerResponse, name: string, value: unknown) {
		record(name, value);
		return res;
	} as ServerResponse['setHeader'];
	(res as unknown as { setHeaders: unknown }).setHeaders = function (headers: Iterable<[string, unknown]>) {
		for (const [name, value] of headers) record(name, value);
		return res;
	};
	res.writeHead = function (this: ServerResponse, status: unknown, ...rest: unknown[]) {
		if (typeof status === 'number') statusCode = status;
		const headers = rest.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg));
		for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) record(name, value);
		return res;
	} as ServerResponse['writeHead'];
	res.write = function () {
		recorded.set(STREAMED, true);
		return true;
	} as ServerResponse['write'];
	res.end = function (this: ServerResponse, chunk?: unknown) {
		if (recorded.has(STREAMED) || recorded.has(REPORTED)) return res;
		if (!Buffer.isBuffer(chunk) && typeof chunk !== 'string') return res;
		recorded.set(REPORTED, true);
		const relayed = Number(recorded.get(STATUS_HEADER));
		const status = Number.isInteger(relayed) && relayed >= 200 && relayed <= 599 ? relayed : (statusCode ?? res.statusCode);
		const contentType = recorded.get('content-type');
		try {
			onAnswer({
				statusCode: status,
				headers: typeof contentType === 'string' ? { 'content-type': contentType } : {},
				body: Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk),
			});
		} catch {
			// The caller has its answer already; a listener's failure must not reach n8n.
		}
		return res;
	} as ServerResponse['end'];
}

const STREAMED = '\u0000streamed';
const REPORTED = '\u0000reported';
