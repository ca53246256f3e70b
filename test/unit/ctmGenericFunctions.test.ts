/** The activity fetch behind "Resource link": URL building, the request, and failures in safe words. */
import { NodeApiError } from 'n8n-workflow';

import {
	activityUrl,
	describeFetchFailure,
	fetchActivity,
} from '../../nodes/CallTrackingMetricsTrigger/GenericFunctions';
import { CallTrackingMetricsTrigger } from '../../nodes/CallTrackingMetricsTrigger/CallTrackingMetricsTrigger.node';
import { takeWarnings, webhookContext, workflowWith } from './webhookContext';

const trigger = new CallTrackingMetricsTrigger();

const link = { url: 'https://evil.example/api/v1/accounts/25012/calls/4391937.json', accountId: '25012', activityId: '4391937' };

describe('activityUrl', () => {
	test('uses the credential\'s API base URL, never the host named in the link', () => {
		expect(activityUrl('http://127.0.0.1:9999/', link)).toBe('http://127.0.0.1:9999/api/v1/accounts/25012/calls/4391937.json');
	});

	test('defaults to CTM\'s API when the base URL is empty', () => {
		expect(activityUrl('  ', link)).toBe('https://api.calltrackingmetrics.com/api/v1/accounts/25012/calls/4391937.json');
	});

	test('needs both ids', () => {
		expect(activityUrl(undefined, { ...link, activityId: null })).toBeUndefined();
	});
});

describe('describeFetchFailure', () => {
	const { node } = workflowWith(trigger);

	test('names the HTTP status CTM answered', () => {
		const error = new NodeApiError(node, { message: 'Unauthorized', httpCode: '401' }, { httpCode: '401' });
		expect(describeFetchFailure(error)).toBe('CTM answered 401');
		expect(describeFetchFailure({ cause: { response: { status: 503 } } })).toBe('CTM answered 503');
	});

	test.each([
		[{ message: 'timeout of 1000ms exceeded', code: 'ECONNABORTED' }],
		[{ httpCode: 'ETIMEDOUT' }],
		[{ cause: { code: 'ESOCKETTIMEDOUT' } }],
		[{ message: 'The connection timed out' }],
	])('recognises a timeout in %p', (error) => {
		expect(describeFetchFailure(error)).toBe('the request timed out');
	});

	test('anything else is "could not be reached", without details that might carry secrets', () => {
		expect(describeFetchFailure(new Error('connect ECONNREFUSED 127.0.0.1:1 (key=abc)'))).toBe('CTM could not be reached');
		expect(describeFetchFailure(undefined)).toBe('CTM could not be reached');
	});
});

describe('fetchActivity', () => {
	/** The trigger's n8n context, with CTM's API replaced by `request`. */
	function context(request: (type: string, options: Record<string, unknown>) => Promise<unknown>) {
		const calls: Array<{ type: string; options: Record<string, unknown> }> = [];
		const httpRequestWithAuthentication = async (type: string, options: Record<string, unknown>) => {
			calls.push({ type, options });
			return await request(type, options);
		};
		const { context: ctx } = webhookContext(trigger, {}, { helpers: { httpRequestWithAuthentication: httpRequestWithAuthentication as never } });
		takeWarnings();
		return { ctx, calls, warnings: takeWarnings };
	}

	test('GETs the URL with the CTM credential, JSON and the timeout', async () => {
		const { ctx, calls } = context(async () => ({ id: 4391937 }));
		expect(await fetchActivity.call(ctx, 'http://ctm/x.json', 1500)).toEqual({ ok: true, activity: { id: 4391937 } });
		expect(calls).toEqual([
			{
				type: 'callTrackingMetricsApi',
				options: expect.objectContaining({ method: 'GET', url: 'http://ctm/x.json', json: true, timeout: 1500 }),
			},
		]);
	});

	test('an answer that is not an object is a failure', async () => {
		const { ctx } = context(async () => 'OK');
		expect(await fetchActivity.call(ctx, 'http://ctm/x.json', 1500)).toEqual({
			ok: false,
			message: 'Could not fetch the activity from CTM: the answer was not an activity',
		});
	});

	test('a thrown error becomes a short message and a warning in n8n\'s log', async () => {
		const { ctx, warnings } = context(async () => {
			throw { httpCode: '401', message: 'Authorization failed' };
		});
		expect(await fetchActivity.call(ctx, 'http://ctm/x.json', 1500)).toEqual({
			ok: false,
			message: 'Could not fetch the activity from CTM: CTM answered 401',
		});
		expect(warnings()).toEqual([expect.stringContaining('CTM answered 401')]);
	});
});
