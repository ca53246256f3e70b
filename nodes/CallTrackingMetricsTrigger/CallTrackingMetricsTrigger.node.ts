import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import type { NormalizedCall } from '../../lib/normalized';
import { pastedUrlWebhookMethods } from '../../lib/pastedUrlWebhook';
import { defaultCountryProperty } from '../../lib/phone';
import { mediaType, requireJson } from '../../lib/contentType';
import {
	BODY_TRIGGER_VERSION,
	RAW_BODY_PROPERTY,
	readRequestBody,
	readSettings,
	SETTINGS_COLLECTION,
	triggerPathProperties,
	triggerWebhook,
	type DescribedField,
} from '../../lib/n8nWebhookSeam';
import { REMEMBER_SECRET_OPTION, secretMemory } from '../../lib/verifiedSecrets';
import { rejectRequest } from '../../lib/webhookResponse';
import {
	EMPTY_ATTRIBUTION,
	attributionOf,
	attributionOfPixel,
	normalizeActivity,
	normalizePixel,
	normalizeResourceLink,
	parseFormFields,
	parseLogData,
	parsePixel,
	parseResourceLink,
	type Attribution,
	type CtmBodyType,
} from './ctmActivity';
import { AUTH_MODE_OPTIONS, authenticateCtmRequest, checkedHeaderNames, type CtmAuthMode, type CtmCredential } from './ctmAuth';
import { ANY_PHASE, CTM_PHASES, PHASE_QUERY_PARAMETER, decidePhase, readPhase } from './ctmPhases';
import { DEFAULT_SIGNATURE_WINDOW_SECONDS } from './ctmSignature';
import {
	CREDENTIAL_TYPE,
	DEFAULT_FETCH_TIMEOUT_MS,
	MISSING_KEYS_ANSWER,
	MISSING_KEYS_MESSAGE,
	activityUrl,
	apiKeysMissing,
	callsCtmApi,
	fetchActivity,
} from './GenericFunctions';

/** Log data and resource links arrive as POST; pixels as GET or POST (CTM: "Only pixels can send GET"). */
export const CTM_HTTP_METHODS: DescribedField = {
	template: '={{$parameter["bodyType"] === "pixel" ? ["GET", "POST"] : "POST"}}',
	resolve: (parameters) => (parameters.bodyType === 'pixel' ? ['GET', 'POST'] : 'POST'),
};

/**
 * The largest body accepted per body type. Log data is the whole activity (custom fields, and the transcription
 * at the later phases: vendor-docs ctm-webhooks, "Trigger actions"); a resource link is one URL and a pixel a few
 * form fields. Larger bodies are answered 413 before any check (docs/calltrackingmetrics.md).
 */
export const CTM_LOG_DATA_BODY_LIMIT = 1024 * 1024;
export const CTM_LINK_OR_PIXEL_BODY_LIMIT = 64 * 1024;

/** The body limit for the chosen body type (anything unknown is read as log data, as receiveActivity does). */
export function ctmBodyLimit(bodyType: string): number {
	return bodyType === 'resourceLink' || bodyType === 'pixel' ? CTM_LINK_OR_PIXEL_BODY_LIMIT : CTM_LOG_DATA_BODY_LIMIT;
}

const PIXEL_VARIABLES = 'callid=:callid&duration=:duration&direction=:direction&source=:source&sale_value=:sale_value';

/** One notice per selected phase: the suffix to add to the Production URL in CTM. */
const phaseUrlNotices: INodeProperties[] = CTM_PHASES.map((phase) => ({
	displayName: `For CTM's trigger "${phase.name}", give CTM the Production URL above followed by <code>?${PHASE_QUERY_PARAMETER}=${phase.value}</code>`,
	name: `urlNotice_${phase.value}`,
	type: 'notice',
	default: '',
	displayOptions: { show: { triggerPhases: [phase.value] } },
}));

export class CallTrackingMetricsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CallTrackingMetrics Trigger',
		name: 'callTrackingMetricsTrigger',
		icon: { light: 'file:ctm.svg', dark: 'file:ctm.dark.svg' },
		group: ['trigger'],
		version: BODY_TRIGGER_VERSION,
		subtitle: '={{($parameter["bodyType"] === "pixel" ? "GET/POST /" : "POST /") + ($parameter["urlStyle"] === "perCopy" ? "<ID>/" + $parameter["pathAfterId"] : $parameter["path"])}}',
		description: 'Starts the workflow when CallTrackingMetrics posts a call, text or form activity to a webhook',
		defaults: { name: 'CallTrackingMetrics Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [triggerWebhook({ httpMethod: CTM_HTTP_METHODS, answer: { mode: 'acknowledge' } })],
		properties: [
			{
				displayName:
					'In CTM go to Settings → Integrations → Webhooks, add a webhook with the trigger and body type chosen below, and give it the Production URL above with the trigger phase added (shown below). CTM does not say in its request which phase fired, so the URL has to.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...triggerPathProperties({
				path: 'ctm/activities',
				placeholder: 'ctm/activities',
				caller: 'CTM calls',
				customerSegment: false,
			}),
			{
				displayName: 'Body Type',
				name: 'bodyType',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Log Data',
						value: 'logData',
						description: 'CTM POSTs the activity JSON with all it knew when the webhook fired',
					},
					{
						name: 'Pixel',
						value: 'pixel',
						description: 'CTM sends a GET or POST whose URL carries replacement variables such as :callid',
					},
					{
						name: 'Resource Link',
						value: 'resourceLink',
						description: 'CTM POSTs {"resource_url": …}, a link to the activity in its API',
					},
				],
				default: 'logData',
				description: 'The body type chosen for the webhook in CTM. Log data and resource links are POST; pixels may be GET or POST.',
			},
			{
				displayName: 'Fetch Activity',
				name: 'fetchActivity',
				type: 'boolean',
				default: true,
				displayOptions: { show: { bodyType: ['resourceLink'] } },
				description:
					'Whether to fetch the full activity through the CTM API (with the credential\'s access and secret key, which this needs) before the workflow starts. If the fetch fails, CTM gets a 502 and retries; no execution starts.',
			},
			{
				displayName: 'Trigger Phases',
				name: 'triggerPhases',
				type: 'multiOptions',
				options: [
					{
						name: 'Any Phase',
						value: ANY_PHASE,
						description: 'Every request starts the workflow, with or without ?trigger= in the URL',
					},
					...CTM_PHASES.map(({ name, value, description }) => ({ name, value, description })),
				],
				default: ['end'],
				description:
					'The phases that start the workflow, read from the URL\'s "trigger" parameter. Other phases are answered 200 and ignored.',
			},
			...phaseUrlNotices,
			{
				displayName:
					'With "Any Phase", add <code>?trigger=&lt;phase&gt;</code> to the URL anyway (e.g. <code>?trigger=end</code>) so the workflow can tell the phases apart; without it, triggerPhase is null',
				name: 'urlNoticeAny',
				type: 'notice',
				default: '',
				displayOptions: { show: { triggerPhases: [ANY_PHASE] } },
			},
			{
				displayName: `For a pixel, append CTM's replacement variables after the phase: <code>&amp;${PIXEL_VARIABLES.replace(/&/g, '&amp;')}</code>`,
				name: 'pixelNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { bodyType: ['pixel'] } },
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'multiOptions',
				options: AUTH_MODE_OPTIONS,
				default: [],
				description:
					'Checks every request must pass, with the settings of the credential. Failures are answered 401 or 403 and start nothing.',
			},
			{
				displayName:
					'No authentication is selected: anyone who knows the URL can start this workflow. Set basic auth or a custom header in the CTM webhook\'s Authentication settings, or turn on the signature check.',
				name: 'noAuthNotice',
				type: 'notice',
				default: '',
				displayOptions: { hide: { authentication: ['signature', 'basicAuth', 'headerAuth'] } },
			},
			defaultCountryProperty('US'),
			{
				...SETTINGS_COLLECTION,
				options: [
					REMEMBER_SECRET_OPTION,
					{
						displayName: 'Fetch Timeout (Ms)',
						name: 'fetchTimeout',
						type: 'number',
						typeOptions: { minValue: 100 },
						default: DEFAULT_FETCH_TIMEOUT_MS,
						description: 'How long to wait for the CTM API when fetching a resource link\'s activity',
					},
					{
						displayName: 'Signature Time Window (Seconds)',
						name: 'signatureWindow',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_SIGNATURE_WINDOW_SECONDS,
						description:
							'How far X-CTM-Time may be from now for a signed request to be accepted (replay protection)',
					},
				],
			},
			// n8n must leave the body alone: the trigger reads the bytes itself (lib/n8nWebhookSeam.ts).
			RAW_BODY_PROPERTY,
		],
	};

	// The URL is pasted into CTM's settings, so nothing is registered; but activation (and the editor's test
	// listening) stops with a clear error when resource links would need API keys the credential lacks.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const bodyType = this.getNodeParameter('bodyType', 'logData') as string;
				if (callsCtmApi(bodyType, this.getNodeParameter('fetchActivity', true) as boolean)) {
					const credential = await this.getCredentials<CtmCredential>(CREDENTIAL_TYPE);
					if (apiKeysMissing(credential)) throw new NodeOperationError(this.getNode(), MISSING_KEYS_MESSAGE);
				}
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await pastedUrlWebhookMethods.default.create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await pastedUrlWebhookMethods.default.delete.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const bodyType = this.getNodeParameter('bodyType', 'logData') as CtmBodyType;
		const read = await readRequestBody(req, ctmBodyLimit(bodyType));
		if (!read.ok) return rejectRequest(res, read.statusCode, read.message, read.headers);
		const rawBody = read.raw;
		const options = readSettings<{ fetchTimeout?: number; signatureWindow?: number; rememberSecretSeconds?: number }>(this);

		const modes = this.getNodeParameter('authentication', []) as CtmAuthMode[];
		// A signature needs the secret for every body, and a fetched resource link the API keys: those always decrypt.
		const fetches = bodyType === 'resourceLink' && this.getNodeParameter('fetchActivity', true) === true;
		const memory = modes.length > 0 && !modes.includes('signature') && !fetches
			? secretMemory(this, CREDENTIAL_TYPE, options.rememberSecretSeconds)
			: undefined;
		let credential: CtmCredential = {};
		if (!memory?.recall(req.headers as Record<string, string>)) {
			credential = await this.getCredentials<CtmCredential>(CREDENTIAL_TYPE);
			const auth = authenticateCtmRequest(modes, credential, { headers: req.headers, rawBody }, {
				windowSeconds: options.signatureWindow ?? DEFAULT_SIGNATURE_WINDOW_SECONDS,
			});
			if (!auth.ok) return rejectRequest(res, auth.statusCode, auth.message);
			memory?.remember(req.headers as Record<string, string>, checkedHeaderNames(modes, credential));
		}

		const query = this.getQueryData() as IDataObject;
		const phase = readPhase(query[PHASE_QUERY_PARAMETER]);
		const decision = decidePhase(phase, this.getNodeParameter('triggerPhases', []) as string[]);
		if (!decision.accept) return rejectRequest(res, decision.statusCode, decision.message);

		// Log data and resource links are JSON; a pixel's values are in the query (or a posted form).
		const notJson = bodyType === 'pixel' ? undefined : requireJson(req.headers['content-type']);
		if (notJson) return rejectRequest(res, 415, notJson);
		const body = bodyType === 'pixel' && mediaType(req.headers['content-type']) === 'application/x-www-form-urlencoded'
			? parseFormFields(rawBody)
			: undefined;
		const received = await receiveActivity.call(this, bodyType, { body, rawBody, query, phase, credential, options });
		if (!received.ok) return rejectRequest(res, received.statusCode, received.message);

		const ctmWebhook: IDataObject = {
			triggerPhase: phase,
			bodyType,
			method: req.method,
			query,
			receivedAt: new Date().toISOString(),
			...received.webhookFields,
		};
		const item = {
			...received.payload,
			normalized: received.normalized as unknown as IDataObject,
			attribution: received.attribution as unknown as IDataObject,
			ctmWebhook,
		};
		return { workflowData: [[{ json: item }]] };
	}
}

interface ReceiveInput {
	body: unknown;
	rawBody: Buffer;
	query: IDataObject;
	phase: string | null;
	credential: CtmCredential;
	options: { fetchTimeout?: number };
}

type Received =
	| { ok: true; payload: IDataObject; normalized: NormalizedCall; attribution: Attribution; webhookFields: IDataObject }
	| { ok: false; statusCode: number; message: string };

/** Reads the body of the chosen type (fetching a resource link's activity when asked) into the item's parts. */
async function receiveActivity(this: IWebhookFunctions, bodyType: CtmBodyType, input: ReceiveInput): Promise<Received> {
	const defaultCountry = this.getNodeParameter('defaultCountry', '') as string;
	const { body, rawBody, query, phase } = input;

	if (bodyType === 'pixel') {
		const values = parsePixel(query, body, rawBody);
		const normalized = normalizePixel(values, phase, defaultCountry);
		return { ok: true, payload: values, normalized, attribution: attributionOfPixel(values), webhookFields: {} };
	}

	if (bodyType === 'resourceLink') {
		const parsed = parseResourceLink(body, rawBody);
		if (!parsed.ok) return { ok: false, statusCode: 400, message: parsed.message };
		const { payload, link } = parsed.value;
		if (!callsCtmApi(bodyType, this.getNodeParameter('fetchActivity', true) as boolean)) {
			const normalized = normalizeResourceLink(link, phase);
			return { ok: true, payload, normalized, attribution: EMPTY_ATTRIBUTION, webhookFields: { resourceUrl: link.url, fetched: false } };
		}
		// Keys removed from the credential after activation: a set-up mistake on our side, said plainly.
		if (apiKeysMissing(input.credential)) {
			this.logger?.warn(`CallTrackingMetrics Trigger: ${MISSING_KEYS_MESSAGE}`);
			return { ok: false, statusCode: 500, message: MISSING_KEYS_ANSWER };
		}
		const url = activityUrl(input.credential.apiBaseUrl, link);
		if (!url) return { ok: false, statusCode: 400, message: 'resource_url does not name a CTM account and activity' };
		const fetched = await fetchActivity.call(this, url, input.options.fetchTimeout ?? DEFAULT_FETCH_TIMEOUT_MS);
		if (!fetched.ok) return { ok: false, statusCode: 502, message: fetched.message };
		const normalized = normalizeActivity(fetched.activity, phase, defaultCountry);
		const attribution = attributionOf(fetched.activity);
		return { ok: true, payload: fetched.activity, normalized, attribution, webhookFields: { resourceUrl: link.url, fetched: true } };
	}

	const parsed = parseLogData(body, rawBody);
	if (!parsed.ok) return { ok: false, statusCode: 400, message: parsed.message };
	const normalized = normalizeActivity(parsed.value, phase, defaultCountry);
	return { ok: true, payload: parsed.value, normalized, attribution: attributionOf(parsed.value), webhookFields: {} };
}
