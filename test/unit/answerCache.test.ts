/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/** The lookup trigger's answer cache: the bounded store, the key, what may be cached, and the trigger using it. */
import type { IDataObject } from 'n8n-workflow';

import type { PreparedAnswer } from '../../lib/responseGuard';
import {
	AnswerCache,
	answerCacheFor,
	answerCacheKey,
	clearAnswerCaches,
	isCacheable,
	isContactAnswer,
	sendCachedAnswer,
	type LookupCacheKey,
} from '../../nodes/M8ComLookup/answerCache';
import { M8ComLookupTrigger } from '../../nodes/M8ComLookup/M8ComLookupTrigger.node';
import { TestResponse, webhookContext } from './webhookContext';

const JSON_TYPE = 'application/json; charset=utf-8';
const answer = (statusCode: number, body: string): PreparedAnswer => ({
	statusCode,
	headers: body ? { 'content-type': JSON_TYPE } : {},
	body: Buffer.from(body),
});
const MARIA = answer(200, '{"displayName":"Maria Andersson","companyInfo":{"name":"Acme"}}');

describe('AnswerCache', () => {
	test('an answer is found until it expires, and is gone after', () => {
		const cache = new AnswerCache(10);
		cache.set('k', MARIA, 1000);
		expect(cache.get('other', 0)).toBeUndefined();
		expect(cache.get('k', 999)).toBe(MARIA);
		expect(cache.get('k', 1000)).toBeUndefined();
		expect(cache.size).toBe(0);
	});

	test('holds at most maxEntries, dropping the least recently used first', () => {
		const cache = new AnswerCache(3);
		for (const key of ['a', 'b', 'c']) cache.set(key, MARIA, 10_000);
		cache.get('a', 0); // a is now the most recently used
		cache.set('d', MARIA, 10_000);
		expect(cache.size).toBe(3);
		expect(cache.get('b', 0)).toBeUndefined();
		expect(['a', 'c', 'd'].map((key) => cache.get(key, 0))).toEqual([MARIA, MARIA, MARIA]);
	});

	test('storing a key again replaces its answer and expiry without growing', () => {
		const cache = new AnswerCache(2);
		cache.set('a', MARIA, 100);
		const newer = answer(200, '{"displayName":"Maria A."}');
		cache.set('a', newer, 200);
		expect(cache.size).toBe(1);
		expect(cache.get('a', 150)).toBe(newer);
	});

	test('a smaller bound takes effect at the next store', () => {
		const cache = answerCacheFor('wf-bound', 'node', 5);
		for (const key of ['a', 'b', 'c', 'd']) cache.set(key, MARIA, 10_000);
		answerCacheFor('wf-bound', 'node', 2).set('e', MARIA, 10_000);
		expect(cache.size).toBe(2);
	});
});

describe('answerCacheKey', () => {
	const base: LookupCacheKey = {
		workflowId: 'wf',
		nodeId: 'n',
		path: 'm8com/lookup/:customerId',
		pathParameters: { customerId: 'acme' },
		fromNumber: '+46701234567',
		toNumber: '+46812345678',
	};

	test.each([
		['the customer id', { pathParameters: { customerId: 'globex' } }],
		['fromNumber', { fromNumber: '+46701234568' }],
		['toNumber', { toNumber: '+46812345679' }],
		['a missing toNumber', { toNumber: undefined }],
		['the user id', { userId: 'u-1' }],
		['the path', { path: 'm8com/other/:customerId' }],
		['the workflow', { workflowId: 'wf-2' }],
		['the trigger node', { nodeId: 'n-2' }],
	])('lookups that differ in %s have different keys', (_what, change) => {
		expect(answerCacheKey({ ...base, ...change })).not.toBe(answerCacheKey(base));
	});

	test('the same lookup has the same key whatever the order of the path parameters', () => {
		const a = answerCacheKey({ ...base, pathParameters: { customerId: 'acme', region: 'se' } });
		const b = answerCacheKey({ ...base, pathParameters: { region: 'se', customerId: 'acme' } });
		expect(a).toBe(b);
	});

	test('numbers cannot run into each other to forge another key', () => {
		const a = answerCacheKey({ ...base, fromNumber: '1', toNumber: '23' });
		const b = answerCacheKey({ ...base, fromNumber: '12', toNumber: '3' });
		expect(a).not.toBe(b);
	});
});

describe('what may be cached', () => {
	test('a real contact answer is a 200 whose JSON has a display name', () => {
		expect(isContactAnswer(MARIA)).toBe(true);
		expect(isContactAnswer(answer(200, '{}'))).toBe(false);
		expect(isContactAnswer(answer(200, '{"displayName":"  "}'))).toBe(false);
		expect(isContactAnswer(answer(200, '{"displayName":'))).toBe(false);
		expect(isContactAnswer(answer(201, '{"displayName":"Maria"}'))).toBe(false);
		expect(isContactAnswer(answer(200, 'null'))).toBe(false);
	});

	test.each([
		['a contact', true, true, MARIA],
		['404 {}', false, true, answer(404, '{}')],
		['204', false, true, answer(204, '')],
		['200 {}', false, true, answer(200, '{}')],
		['a server error', false, false, answer(500, '{"message":"Error in workflow"}')],
		['a rejection', false, false, answer(403, '{"message":"Invalid secret"}')],
	])('%s: cached by default %p, with no-match caching on %p', (_what, byDefault, withNoMatch, candidate) => {
		expect(isCacheable(candidate, false)).toBe(byDefault);
		expect(isCacheable(candidate, true)).toBe(withNoMatch);
	});
});

describe('sendCachedAnswer', () => {
	test('writes the cached status, headers and body, and tells n8n not to start anything', () => {
		const res = new TestResponse();
		const result = sendCachedAnswer(res as never, MARIA);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(200);
		expect(res.headers).toEqual({ 'content-type': JSON_TYPE, 'content-length': MARIA.body.length });
		expect(res.body).toBe(MARIA.body.toString());
	});
});

const trigger = new M8ComLookupTrigger();
const SECRET = 's3cret';

/** A lookup to a workflow whose path carries the customer (`acme`), through n8n's webhook context. */
function lookup(query: IDataObject, options: IDataObject, extra: { authorization?: string; workflowId?: string; nodeId?: string } = {}) {
	const { context, res } = webhookContext(
		trigger,
		{ method: 'GET', headers: { authorization: extra.authorization ?? `Bearer ${SECRET}` }, query, params: { customerId: 'acme' } },
		{
			parameters: { path: 'm8com/lookup/:customerId', options },
			credentials: { m8ComWebhookApi: { secret: SECRET } },
			workflowId: extra.workflowId ?? 'wf-1',
			nodeId: extra.nodeId ?? 'node-1',
		},
	);
	return { res, run: () => trigger.webhook.call(context) };
}

/** What n8n does with the respond node's answer: status, headers, then end(body) in one piece. */
function respond(res: TestResponse, sent: PreparedAnswer) {
	res.statusCode = sent.statusCode;
	for (const [name, value] of Object.entries(sent.headers)) res.setHeader(name, value);
	res.end(sent.body);
}

describe('M8Com Lookup Trigger with the answer cache', () => {
	// A short deadline, so no fallback timer outlives the tests; the answers below are sent before it.
	const CACHE = { cacheSeconds: 60, responseDeadline: 100 };
	const QUERY = { fromNumber: '+46701234567', toNumber: '+46812345678' };

	beforeEach(() => clearAnswerCaches());
	afterEach(() => jest.useRealTimers());

	test('a repeated lookup is answered from the cache with no execution', async () => {
		const first = lookup(QUERY, CACHE);
		expect((await first.run()).workflowData).toBeDefined();
		respond(first.res, MARIA);

		const second = lookup(QUERY, CACHE);
		expect(await second.run()).toEqual({ noWebhookResponse: true });
		expect(second.res.statusCode).toBe(200);
		expect(second.res.headers['content-type']).toBe(JSON_TYPE);
		expect(second.res.body).toBe(MARIA.body.toString());
	});

	test('the secret is checked on every hit', async () => {
		const first = lookup(QUERY, CACHE);
		await first.run();
		respond(first.res, MARIA);

		const wrong = lookup(QUERY, CACHE, { authorization: 'Bearer nope' });
		expect(await wrong.run()).toEqual({ noWebhookResponse: true });
		expect(wrong.res.statusCode).toBe(403);
		expect(wrong.res.body).not.toContain('Maria');
		const missing = lookup(QUERY, CACHE, { authorization: '' });
		await missing.run();
		expect(missing.res.statusCode).toBe(401);
	});

	test('another number, another workflow or another trigger node is a miss', async () => {
		const first = lookup(QUERY, CACHE);
		await first.run();
		respond(first.res, MARIA);

		for (const other of [
			lookup({ ...QUERY, toNumber: '+46800000000' }, CACHE),
			lookup({ fromNumber: QUERY.fromNumber }, CACHE),
			lookup(QUERY, CACHE, { workflowId: 'wf-2' }),
			lookup(QUERY, CACHE, { nodeId: 'node-2' }),
		]) {
			expect((await other.run()).workflowData).toBeDefined();
		}
	});

	test('an answer expires after the configured seconds', async () => {
		jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['setImmediate', 'nextTick'] });
		const first = lookup(QUERY, CACHE);
		await first.run();
		respond(first.res, MARIA);
		jest.setSystemTime(new Date('2026-01-01T00:00:59Z'));
		expect((await lookup(QUERY, CACHE).run()).workflowData).toBeUndefined();
		jest.setSystemTime(new Date('2026-01-01T00:01:00Z'));
		expect((await lookup(QUERY, CACHE).run()).workflowData).toBeDefined();
	});

	test('the deadline fallback is never cached', async () => {
		const first = lookup(QUERY, CACHE);
		await first.run();
		await new Promise((r) => setTimeout(r, 200));
		expect(first.res.statusCode).toBe(404);
		respond(first.res, MARIA); // the late answer is dropped, and not cached either
		expect((await lookup(QUERY, CACHE).run()).workflowData).toBeDefined();
	});

	test('no-match answers are not cached unless "Cache No-Match Answers" is on', async () => {
		const first = lookup(QUERY, CACHE);
		await first.run();
		respond(first.res, answer(404, '{}'));
		expect((await lookup(QUERY, CACHE).run()).workflowData).toBeDefined();

		const withNoMatch = { ...CACHE, cacheNoMatch: true };
		const again = lookup(QUERY, withNoMatch);
		await again.run();
		respond(again.res, answer(404, '{}'));
		const hit = lookup(QUERY, withNoMatch);
		expect(await hit.run()).toEqual({ noWebhookResponse: true });
		expect(hit.res.statusCode).toBe(404);
		expect(hit.res.body).toBe('{}');
	});

	test('the cache is off by default: every lookup starts the workflow', async () => {
		const first = lookup(QUERY, { responseDeadline: 100 });
		await first.run();
		respond(first.res, MARIA);
		expect((await lookup(QUERY, { responseDeadline: 100 }).run()).workflowData).toBeDefined();
	});

	test('the user id is part of the key', async () => {
		const asAdam = { ...QUERY, user: JSON.stringify({ id: 'u-1', firstName: 'Adam' }) };
		const first = lookup(asAdam, CACHE);
		await first.run();
		respond(first.res, MARIA);
		expect((await lookup(asAdam, CACHE).run()).workflowData).toBeUndefined();
		expect((await lookup({ ...QUERY, user: JSON.stringify({ id: 'u-2' }) }, CACHE).run()).workflowData).toBeDefined();
		// Numeric ids count too.
		const asNumber = lookup({ ...QUERY, user: JSON.stringify({ id: 7 }) }, CACHE);
		await asNumber.run();
		respond(asNumber.res, MARIA);
		expect((await lookup({ ...QUERY, user: JSON.stringify({ id: 8 }) }, CACHE).run()).workflowData).toBeDefined();
		expect((await lookup({ ...QUERY, user: JSON.stringify({ id: 7 }) }, CACHE).run()).workflowData).toBeUndefined();
	});

	test('holds at most "Cache Size" answers per trigger', async () => {
		const bounded = { ...CACHE, cacheMaxEntries: 2 };
		for (const n of [1, 2, 3]) {
			const call = lookup({ fromNumber: `+4670000000${n}` }, bounded);
			await call.run();
			respond(call.res, MARIA);
		}
		expect((await lookup({ fromNumber: '+46700000001' }, bounded).run()).workflowData).toBeDefined();
		expect((await lookup({ fromNumber: '+46700000003' }, bounded).run()).workflowData).toBeUndefined();
	});
});
