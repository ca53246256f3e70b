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
 */
export function guardResponse(res: ServerResponse, fallback: PreparedAnswer): ResponseGuard {
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
		return (original.end as (...a: unknown[]) => ServerResponse).apply(res, args);
	} as ServerResponse['end'];

	return { sendFallback };
}
