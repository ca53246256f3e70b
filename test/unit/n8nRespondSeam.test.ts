/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * The lookup's answer through n8n (lib/n8nRespondSeam.ts), on a real Node HTTP response: the respond node's
 * Buffer body, headers and status reach the client the same way whether n8n applies the status (2.41) or ignores
 * it for a Buffer body (1.123), and the header that carries the status never reaches the client.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import { STATUS_HEADER, applyRelayedStatus, keepResponse, respondThroughN8n } from '../../lib/n8nRespondSeam';
import { guardResponse, type PreparedAnswer } from '../../lib/responseGuard';

const FALLBACK: PreparedAnswer = { statusCode: 404, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };
const ANSWER: PreparedAnswer = { statusCode: 204, headers: { 'x-answer': 'yes' }, body: Buffer.alloc(0) };
const NOT_FOUND: PreparedAnswer = { statusCode: 404, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from('{}') };

/** What the respond node hands to n8n for this answer. */
async function sentToN8n(answer: PreparedAnswer): Promise<IN8nHttpFullResponse> {
	const sendResponse = jest.fn();
	await respondThroughN8n({ sendResponse } as unknown as IExecuteFunctions, answer);
	return sendResponse.mock.calls[0][0] as IN8nHttpFullResponse;
}

/** n8n's `setupResponseNodePromise` for a Buffer body: 2.41 applies the status first, 1.123 does not. */
function n8nWritesBuffer(res: ServerResponse, response: IN8nHttpFullResponse, n8nVersion: '2.41' | '1.123') {
	if (n8nVersion === '2.41' && response.statusCode) res.statusCode = response.statusCode;
	const headers = new Map(Object.entries(response.headers as IDataObject).map(([name, value]) => [name.toLowerCase(), String(value)]));
	res.setHeaders(headers);
	res.setHeader('content-security-policy', "sandbox allow-scripts");
	res.end(response.body as Buffer);
	process.nextTick(() => res.end());
}

async function exchange(handle: (res: ServerResponse) => void | Promise<void>) {
	const server = createServer((_req: IncomingMessage, res: ServerResponse) => void handle(res));
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	try {
		const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
		return { status: res.status, body: await res.text(), headers: res.headers };
	} finally {
		server.close();
	}
}

describe('respondThroughN8n', () => {
	test('hands n8n a Buffer body, the headers, the status, and the status again as a header', async () => {
		const body = Buffer.from('{"displayName":"Maria"}');
		expect(await sentToN8n({ statusCode: 200, headers: { 'content-type': 'application/json' }, body })).toEqual({
			body,
			headers: { 'content-type': 'application/json', [STATUS_HEADER]: '200' },
			statusCode: 200,
		});
	});
});

describe.each(['2.41', '1.123'] as const)('the answer as n8n %s writes it, through the guard', (n8nVersion) => {
	test.each([
		['a no-match 404', NOT_FOUND],
		['a 204 with a header', ANSWER],
		['a contact 200', { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"displayName":"M"}') }],
	])('%s arrives with its status, and the status header is gone', async (_, answer) => {
		const response = await sentToN8n(answer);
		const seen: PreparedAnswer[] = [];
		const got = await exchange((res) => {
			guardResponse(res, FALLBACK, (a) => seen.push(a));
			n8nWritesBuffer(res, response, n8nVersion);
		});
		expect(got.status).toBe(answer.statusCode);
		expect(got.body).toBe(answer.body.toString());
		expect(got.headers.has(STATUS_HEADER)).toBe(false);
		for (const [name, value] of Object.entries(answer.headers)) expect(got.headers.get(name)).toBe(value);
		// The answer cache hears the same status the client got.
		expect(seen.map((a) => a.statusCode)).toEqual([answer.statusCode]);
	});
});

describe('applyRelayedStatus', () => {
	const response = (value: unknown) => {
		const headers = new Map<string, unknown>(value === undefined ? [] : [[STATUS_HEADER, value]]);
		return {
			statusCode: 200,
			getHeader: (name: string) => headers.get(name),
			removeHeader: (name: string) => headers.delete(name),
			headers,
		};
	};

	test.each([
		['no header', undefined, 200],
		['a status', '404', 404],
		['a repeated header', ['201', '500'], 201],
		['not a number', 'x', 200],
		['out of range', '999', 200],
		['not an integer', '200.5', 200],
	])('%s → %p', (_, value, status) => {
		const res = response(value);
		applyRelayedStatus(res as never);
		expect(res.statusCode).toBe(status);
		expect(res.headers.has(STATUS_HEADER)).toBe(false);
	});
});

test('keepResponse starts the workflow and tells n8n the trigger keeps the HTTP response', () => {
	expect(keepResponse([[{ json: { a: 1 } }]])).toEqual({ noWebhookResponse: true, workflowData: [[{ json: { a: 1 } }]] });
});
