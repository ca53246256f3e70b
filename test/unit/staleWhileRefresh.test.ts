/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Serve stale while refreshing (the lookup trigger's "Serve Stale Answers For" option): the cache's stale window
 * and one refresh at a time; answerThenRecord on a real Node HTTP response (the stale answer goes out, the
 * workflow's answer written afterwards the way n8n writes it reaches the cache, not the wire); and the trigger
 * through n8n-core's WebhookContext: fresh → served; stale → served at once and the workflow started; its answer
 * refreshes the cache; the refreshed answer is served next; past the stale window → looked up while M8Com waits.
 */
import type { ServerResponse } from 'node:http';

import { STATUS_HEADER } from '../../lib/n8nRespondSeam';
import { answerThenRecord, type PreparedAnswer } from '../../lib/responseGuard';
import { forgetVerifiedSecrets } from '../../lib/verifiedSecrets';
import { AnswerCache, REFRESH_CLAIM_MS, clearAnswerCaches } from '../../nodes/M8ComLookup/answerCache';
import { M8ComLookupTrigger } from '../../nodes/M8ComLookup/M8ComLookupTrigger.node';
import { webhookContext, type TestResponse } from './webhookContext';
import { exchange } from './httpExchange';

const answer = (name: string): PreparedAnswer => ({
	statusCode: 200,
	headers: { 'content-type': 'application/json; charset=utf-8' },
	body: Buffer.from(JSON.stringify({ displayName: name })),
});
const OLD = answer('Maria Andersson');
const NEW = answer('Maria Svensson');

describe('the cache: fresh, stale, gone', () => {
	test('fresh until expiresAt, stale until staleUntil, then gone', () => {
		const cache = new AnswerCache(10);
		cache.set('k', OLD, 1000, 5000);
		expect(cache.lookup('k', 999)).toEqual({ answer: OLD, stale: false });
		expect(cache.get('k', 999)).toBe(OLD);
		expect(cache.lookup('k', 1000)).toEqual({ answer: OLD, stale: true });
		expect(cache.get('k', 1000)).toBeUndefined();
		expect(cache.lookup('k', 4999)).toEqual({ answer: OLD, stale: true });
		expect(cache.lookup('k', 5000)).toBeUndefined();
		expect(cache.size).toBe(0);
	});

	test('one refresh at a time: claimed once until a new answer is stored or the claim is old', () => {
		const cache = new AnswerCache(10);
		cache.set('k', OLD, 1000, 100_000);
		expect(cache.claimRefresh('k', 2000)).toBe(true);
		expect(cache.claimRefresh('k', 2001)).toBe(false);
		expect(cache.claimRefresh('k', 2000 + REFRESH_CLAIM_MS)).toBe(true);
		cache.set('k', NEW, 50_000, 100_000);
		expect(cache.claimRefresh('k', 50_000)).toBe(true);
		expect(cache.claimRefresh('missing', 0)).toBe(false);
	});
});


/** n8n 2.41's way of writing the respond node's Buffer answer (setupResponseNodePromise), then its bare end(). */
function asN8nSends(res: ServerResponse, sent: PreparedAnswer) {
	res.statusCode = sent.statusCode;
	res.setHeaders(new Map([...Object.entries(sent.headers), [STATUS_HEADER, String(sent.statusCode)]]));
	res.setHeader('Content-Security-Policy', "sandbox");
	res.end(sent.body);
	res.end();
}

describe('answerThenRecord on a real HTTP response', () => {
	test('the caller gets the kept answer; the workflow\'s later answer goes to the listener, not the wire', async () => {
		const heard: PreparedAnswer[] = [];
		const got = await exchange((res) => {
			answerThenRecord(res, OLD, (a) => heard.push(a));
			setImmediate(() => expect(() => asN8nSends(res, NEW)).not.toThrow());
		});
		expect(got).toEqual({ status: 200, body: OLD.body.toString() });
		await new Promise((r) => setTimeout(r, 20));
		expect(heard).toEqual([NEW]);
	});

	test('the relayed status decides (a no-match 404), streamed bodies and bare ends report nothing', async () => {
		const heard: PreparedAnswer[] = [];
		const noMatch: PreparedAnswer = { statusCode: 404, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from('{}') };
		await exchange((res) => {
			answerThenRecord(res, OLD, (a) => heard.push(a));
			res.statusCode = 200; // what n8n 1.x would leave
			res.setHeaders(new Map([['content-type', 'application/json; charset=utf-8'], [STATUS_HEADER, '404']]));
			res.end(noMatch.body);
		});
		expect(heard).toEqual([noMatch]);
		const none: PreparedAnswer[] = [];
		await exchange((res) => {
			answerThenRecord(res, OLD, (a) => none.push(a));
			res.end();
			res.write('{"displayName":');
			res.end('"x"}');
		});
		expect(none).toEqual([]);
	});
});

describe('the lookup trigger', () => {
	const trigger = new M8ComLookupTrigger();
	const options = { cacheSeconds: 10, staleSeconds: 60 };

	beforeEach(() => {
		clearAnswerCaches();
		forgetVerifiedSecrets();
		jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
	});
	afterEach(() => jest.useRealTimers());

	/** One lookup: what the caller got, whether the workflow started, and the response to answer it on. */
	async function lookupOnce(triggerOptions: object = options) {
		const { context, res } = webhookContext(
			trigger,
			{ method: 'GET', headers: { authorization: 'Bearer s3cret' }, query: 'fromNumber=%2B46701234567' },
			{ parameters: { options: triggerOptions }, credentials: { m8ComWebhookApi: { secret: 's3cret' } } },
		);
		const result = await trigger.webhook.call(context);
		return { res, started: result.workflowData !== undefined, sent: res.headersSent ? res.body : undefined };
	}

	/** The workflow answers through n8n (the respond node's Buffer body, as asN8nSends above). */
	function workflowAnswers(res: TestResponse, sent: PreparedAnswer) {
		res.statusCode = sent.statusCode;
		res.setHeaders(new Map([...Object.entries(sent.headers), [STATUS_HEADER, String(sent.statusCode)]]));
		res.end(sent.body);
	}

	test('stale served at once while the workflow refreshes; the refreshed answer is served next', async () => {
		const first = await lookupOnce();
		expect(first).toMatchObject({ started: true, sent: undefined });
		workflowAnswers(first.res, OLD);
		expect(first.res.body).toBe(OLD.body.toString());

		jest.setSystemTime(1_000_000 + 5000);
		expect(await lookupOnce()).toMatchObject({ started: false, sent: OLD.body.toString() });

		jest.setSystemTime(1_000_000 + 15_000);
		const stale = await lookupOnce();
		expect(stale).toMatchObject({ started: true, sent: OLD.body.toString() });
		expect(stale.res.statusCode).toBe(200);
		// Another lookup while the refresh runs: stale again, no second refresh.
		expect(await lookupOnce()).toMatchObject({ started: false, sent: OLD.body.toString() });

		workflowAnswers(stale.res, NEW);
		expect(stale.res.body).toBe(OLD.body.toString());
		expect(await lookupOnce()).toMatchObject({ started: false, sent: NEW.body.toString() });
	});

	test('a refresh that fails (no answer) leaves the stale answer; the next lookup after the claim expires refreshes again', async () => {
		const first = await lookupOnce();
		workflowAnswers(first.res, OLD);
		jest.setSystemTime(1_000_000 + 15_000);
		const stale = await lookupOnce();
		expect(stale.started).toBe(true);
		stale.res.end(); // the workflow ended without answering
		expect(await lookupOnce()).toMatchObject({ started: false, sent: OLD.body.toString() });
		jest.setSystemTime(1_000_000 + 15_000 + REFRESH_CLAIM_MS);
		expect(await lookupOnce()).toMatchObject({ started: true, sent: OLD.body.toString() });
	});

	test('past the stale window, and without the option, an expired answer is looked up while M8Com waits', async () => {
		const first = await lookupOnce();
		workflowAnswers(first.res, OLD);
		jest.setSystemTime(1_000_000 + 71_000);
		expect(await lookupOnce()).toMatchObject({ started: true, sent: undefined });

		clearAnswerCaches();
		jest.setSystemTime(1_000_000);
		const off = await lookupOnce({ cacheSeconds: 10 });
		workflowAnswers(off.res, OLD);
		jest.setSystemTime(1_000_000 + 15_000);
		expect(await lookupOnce({ cacheSeconds: 10 })).toMatchObject({ started: true, sent: undefined });
	});
});
