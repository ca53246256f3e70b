import {
	NodeConnectionTypes,
	sleep,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { testWebhookSecret } from '../../lib/credentialTest';
import { pastedUrlWebhookMethods } from '../../lib/pastedUrlWebhook';
import { defaultCountryProperty } from '../../lib/phone';
import { keepResponse } from '../../lib/n8nRespondSeam';
import { QUERY_TRIGGER_VERSIONS, readTriggerPath, triggerPathProperties, triggerWebhook } from '../../lib/n8nWebhookSeam';
import { answerThenRecord, guardResponse, type PreparedAnswer } from '../../lib/responseGuard';
import { REMEMBER_SECRET_OPTION, checkBearerRemembered } from '../../lib/verifiedSecrets';
import { rejectRequest } from '../../lib/webhookResponse';
import {
	DEFAULT_CACHE_MAX_ENTRIES,
	answerCacheFor,
	answerCacheKey,
	isCacheable,
	sendCachedAnswer,
	type AnswerCacheSettings,
} from './answerCache';
import { NO_MATCH_OPTIONS, noMatchAnswer } from './lookupAnswers';
import { lookupUserFields, normalizeLookup, parseLookupQuery, type LookupRequest } from './lookupRequest';

/** M8Com gives up after 3 s; n8n spends a few hundred ms before this node runs (DESIGN.md decision 3). */
const DEFAULT_DEADLINE_MS = 2000;

interface TriggerOptions {
	fallbackAnswer?: string;
	responseDeadline?: number;
	cacheSeconds?: number;
	cacheMaxEntries?: number;
	cacheNoMatch?: boolean;
	staleSeconds?: number;
	rememberSecretSeconds?: number;
}

export class M8ComLookupTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'M8Com Lookup Trigger',
		name: 'm8ComLookupTrigger',
		icon: { light: 'file:m8com.svg', dark: 'file:m8com.dark.svg' },
		group: ['trigger'],
		// Not 1 for new nodes: n8n evaluates an expression on every request for webhook nodes at version 1.
		version: QUERY_TRIGGER_VERSIONS.version,
		defaultVersion: QUERY_TRIGGER_VERSIONS.defaultVersion,
		subtitle: '={{"GET /" + ($parameter["urlStyle"] === "perCopy" ? "<ID>/" + $parameter["pathAfterId"] : $parameter["path"])}}',
		description: 'Answers M8Com number lookups ("Caller Insights") from a workflow',
		defaults: { name: 'M8Com Lookup Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'm8ComWebhookApi', required: true, testedBy: 'testWebhookSecret' }],
		webhooks: [triggerWebhook({ httpMethod: 'GET', answer: { mode: 'respondNode' } })],
		properties: [
			{
				displayName:
					'Give M8Com Customer Care the Production URL above as the number lookup endpoint of the customer\'s webhook integration, together with the secret of the credential. End the workflow with a "Respond to M8Com Lookup" node.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'While the editor is "Listening for test event", a call with a missing or wrong secret starts nothing: M8Com (or your curl) gets 401 "Authentication required" or 403 "Authentication failed", and the editor keeps waiting. If it waits while calls arrive, compare the secret in the credential with the one M8Com has.',
				name: 'rejectedTestNotice',
				type: 'notice',
				default: '',
			},
			...triggerPathProperties({
				path: 'm8com/lookup',
				placeholder: 'm8com/lookup/:customerId',
				caller: 'M8Com calls',
				customerSegment: true,
			}),
			defaultCountryProperty('SE'),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Cache Answers (Seconds)',
						name: 'cacheSeconds',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 86400 },
						default: 0,
						description:
							'Answer a repeated lookup (same path, customer ID, fromNumber, toNumber and user ID) from memory for this many seconds, without running the workflow. Only contact answers the workflow sent are kept (never the fallback). 0 turns the cache off. Each n8n process keeps its own cache (in queue mode, each webhook process).',
					},
					{
						displayName: 'Cache No-Match Answers',
						name: 'cacheNoMatch',
						type: 'boolean',
						default: false,
						description:
							'Whether no-match answers the workflow sent (404 {}, 204, 200 {}) are cached too. Off: a number missing from the CRM is looked up again every time, so a contact added meanwhile is found at once.',
					},
					{
						displayName: 'Cache Size (Entries)',
						name: 'cacheMaxEntries',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 100000 },
						default: DEFAULT_CACHE_MAX_ENTRIES,
						description: 'At most this many answers are kept for this trigger; the least recently used goes first',
					},
					{
						displayName: 'Fallback Answer',
						name: 'fallbackAnswer',
						type: 'options',
						options: NO_MATCH_OPTIONS,
						default: '404',
						description:
							'What M8Com gets when the workflow has not answered by the deadline, fails, or ends without answering',
					},
					REMEMBER_SECRET_OPTION,
					{
						displayName: 'Response Deadline (Ms)',
						name: 'responseDeadline',
						type: 'number',
						typeOptions: { minValue: 100, maxValue: 2900 },
						default: DEFAULT_DEADLINE_MS,
						description:
							'Milliseconds after which the fallback answer goes out if the workflow has not answered. M8Com waits 3 s and n8n needs a few hundred ms before this node runs, so keep it well below 3000.',
					},
					{
						displayName: 'Serve Stale Answers For (Seconds)',
						name: 'staleSeconds',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 86400 },
						default: 0,
						description:
							'For this many seconds after a cached answer expired, it is still sent at once, and the workflow runs in the background to refresh it (its answer goes to the cache, not to M8Com). Needs Cache Answers. 0: an expired answer is looked up again while M8Com waits.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { testWebhookSecret } };

	webhookMethods = pastedUrlWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();

		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const authFailure = await checkBearerRemembered(this, 'm8ComWebhookApi', options.rememberSecretSeconds);
		if (authFailure) return rejectRequest(res, authFailure.statusCode, authFailure.message);

		const parsed = parseLookupQuery(this.getQueryData() as IDataObject);
		if (!parsed.ok) return rejectRequest(res, 400, parsed.message);

		const cache = lookupCache(this, parsed.value, options);
		const hit = cache?.lookup();
		if (hit && (!hit.stale || !cache?.claimRefresh())) return sendCachedAnswer(res, hit.answer);
		if (hit && cache) {
			// Stale: M8Com gets the kept answer now; the workflow's answer refreshes the cache instead of the wire.
			answerThenRecord(res, hit.answer, cache.store);
			return keepResponse([[{ json: lookupItem(this, parsed.value) }]]);
		}

		const guard = guardResponse(res, noMatchAnswer(options.fallbackAnswer ?? '404'), cache?.store);
		void sleep(options.responseDeadline ?? DEFAULT_DEADLINE_MS).then(() => guard.sendFallback());

		return keepResponse([[{ json: lookupItem(this, parsed.value) }]]);
	}
}

/** The item the workflow gets for a lookup. */
function lookupItem(context: IWebhookFunctions, request: LookupRequest): IDataObject {
	const params = context.getParamsData() as IDataObject;
	const defaultCountry = context.getNodeParameter('defaultCountry', '') as string;
	return {
		...request,
		customerId: typeof params.customerId === 'string' ? params.customerId : null,
		pathParameters: params,
		receivedAt: new Date().toISOString(),
		query: context.getQueryData() as IDataObject,
		normalized: normalizeLookup(request, defaultCountry) as unknown as IDataObject,
	};
}

/** This lookup's place in the answer cache (see answerCache.ts), or undefined when the cache is off. */
function lookupCache(context: IWebhookFunctions, request: LookupRequest, options: TriggerOptions) {
	const settings: AnswerCacheSettings = {
		ttlSeconds: options.cacheSeconds ?? 0,
		maxEntries: options.cacheMaxEntries ?? DEFAULT_CACHE_MAX_ENTRIES,
		cacheNoMatch: options.cacheNoMatch ?? false,
		staleSeconds: options.staleSeconds ?? 0,
	};
	if (!(settings.ttlSeconds > 0)) return undefined;
	const workflowId = context.getWorkflow().id ?? '';
	const node = context.getNode();
	const cache = answerCacheFor(workflowId, node.id, settings.maxEntries);
	const key = answerCacheKey({
		workflowId,
		nodeId: node.id,
		path: readTriggerPath(context),
		pathParameters: context.getParamsData() as IDataObject,
		fromNumber: request.fromNumber,
		toNumber: request.toNumber,
		userId: lookupUserFields(request.user).id,
	});
	return {
		lookup: () => {
			const hit = cache.lookup(key, Date.now());
			return hit?.stale && !(settings.staleSeconds > 0) ? undefined : hit;
		},
		claimRefresh: () => cache.claimRefresh(key, Date.now()),
		store: (answer: PreparedAnswer) => {
			if (!isCacheable(answer, settings.cacheNoMatch)) return;
			const freshUntil = Date.now() + settings.ttlSeconds * 1000;
			cache.set(key, answer, freshUntil, freshUntil + Math.max(0, settings.staleSeconds) * 1000);
		},
	};
}
