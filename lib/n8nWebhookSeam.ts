/**
 * The seam between this package's triggers and the n8n internals they rely on. Every trigger declares its
 * version, its webhook description, its options and (when it takes a body) how the body is read through the
 * helpers here, so an n8n upgrade that changes one of these internals is fixed in one file. Each internal, where
 * it lives in n8n's source (2.41 and 1.123) and the test that guards it: docs/compatibility.md.
 *
 * The respond mechanism of the lookup (Buffer bodies through `sendResponse`, the kept response) is the sibling
 * lib/n8nRespondSeam.ts.
 */
import * as workflow from 'n8n-workflow';
import type {
	IHttpRequestMethods,
	INodeParameters,
	INodeProperties,
	IWebhookDescription,
	IWebhookFunctions,
	NodeParameterValueType,
} from 'n8n-workflow';

import { decompressBounded, readStreamBounded, type BodyRead } from './rawBody';

// ---------------------------------------------------------------------------------------------------------------
// Node versions
// ---------------------------------------------------------------------------------------------------------------

/**
 * The version of every trigger that takes a request body, and it must stay 1.
 *
 * n8n parses a webhook's body itself before the node runs (for anyone, before any authentication) unless the
 * node is at typeVersion 1 *and* its `options.binaryData` parameter is true: n8n 2.41 `webhook-helpers.js`
 * `parseRequestBody` (`nodeVersion === 1` → `$parameter["options"]["binaryData"]`; at any other version JSON,
 * XML, form and text bodies are always parsed), the same in n8n 1.123 `webhook-helpers.js` `parseRequestBody`.
 * n8n's parse answers malformed JSON 422 and an oversized body 500 before our checks, and shares one xml2js
 * parser between concurrent XML posts (README "How the triggers answer and read bodies"). So body-taking
 * triggers stay at version 1 with the hidden {@link RAW_BODY_PROPERTY}; a new behaviour goes behind a parameter,
 * not a new node version.
 */
export const BODY_TRIGGER_VERSION = 1;

/**
 * Versions of a trigger that takes no body (the lookup: a GET). n8n treats any webhook node at typeVersion 1 like
 * its own Webhook v1 and evaluates `$parameter["options"]["binaryData"]` on every request (the same
 * `parseRequestBody`): an expression, so with n8n 2.x's default engine a V8 isolate (~10 ms of CPU). At 1.1 it does
 * not, and 1.1 behaves exactly like 1; 1 stays listed so workflows saved with it keep working.
 */
export const QUERY_TRIGGER_VERSIONS = { version: [1, 1.1], defaultVersion: 1.1 };

// ---------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------

/**
 * The hidden parameter that makes n8n leave a version-1 webhook node's body unparsed (see
 * {@link BODY_TRIGGER_VERSION}). It takes the parameter name `options`, so the user-facing options of body
 * triggers are {@link SETTINGS_COLLECTION} (`settings`); a workflow must never set `options` on them.
 */
export const RAW_BODY_PROPERTY: INodeProperties = {
	displayName: 'Raw Body',
	name: 'options',
	type: 'hidden',
	default: { binaryData: true },
};

/**
 * The "Options" collection of a body trigger, stored as `settings` because `options` is the raw-body parameter:
 * `{ ...SETTINGS_COLLECTION, options: [ … ] }`.
 */
export const SETTINGS_COLLECTION = {
	displayName: 'Options',
	name: 'settings',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
} satisfies Omit<INodeProperties, 'options'>;

/** The user's options of a body trigger (see {@link SETTINGS_COLLECTION}). */
export function readSettings<T extends object>(context: IWebhookFunctions): T {
	return context.getNodeParameter('settings', {}) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// Webhook descriptions
// ---------------------------------------------------------------------------------------------------------------

/**
 * One field of a webhook description that depends on the node's parameters: the expression template every n8n
 * version evaluates (and the editor shows), and the same logic as a plain function of the parameters. Keep the
 * two equivalent: test/unit/webhookDescriptions.test.ts evaluates both for every node in package.json.
 */
export interface DescribedField {
	template: string;
	resolve: (parameters: INodeParameters) => NodeParameterValueType | undefined;
}

/** A field that is the node parameter `name` as it is (the template n8n-workflow's `fromParameter(name)` makes). */
export function parameterField(name: string): DescribedField {
	return { template: `={{$parameter["${name}"]}}`, resolve: (parameters) => parameters[name] };
}

// ---------------------------------------------------------------------------------------------------------------
// The webhook path (DESIGN.md decision 8 and its 2026-12-01 revision; docs/development.md "Webhook URLs")
// ---------------------------------------------------------------------------------------------------------------

/**
 * Which URL a trigger serves, the parameter `urlStyle`:
 * - `exactPath`: `/webhook/<path>` exactly as typed in `path` (n8n's `isFullPath`). Clean, but two active workflows
 *   cannot share it. The default, so that workflows saved before this parameter existed (n8n leaves default values
 *   out of saved workflows) keep serving the URL they always served.
 * - `perCopy`: `/webhook/<webhook ID>/<pathAfterId>`, the rule of n8n's own Webhook node (`isFullPath` false). Every
 *   import gets its own webhook ID (the examples ship without one) and n8n's Duplicate gives the copy a new one, so
 *   copies never collide. The path lives in its own parameter `pathAfterId` because n8n's Duplicate overwrites a
 *   saved `path` parameter with the new webhook ID (2.41 `useWorkflowSaving.ts` `saveAsNewWorkflow`,
 *   `resetWebhookUrls`), which would drop a `:customerId` segment; `path` is hidden (and so not saved) in this style.
 * A path with a `:name` segment is served under the webhook ID in both styles (n8n's rule for dynamic paths,
 * 2.41 `webhook.service.js` `isDynamicPath`, `NodeHelpers.getNodeWebhookUrl`).
 */
export type UrlStyle = 'exactPath' | 'perCopy';

export const URL_STYLE_PARAMETER = 'urlStyle';
const PER_COPY: UrlStyle = 'perCopy';

/** The path part of the webhook URL for a node's parameters (after /webhook/, and after the webhook ID per copy). */
export function resolveTriggerPath(parameters: INodeParameters): NodeParameterValueType | undefined {
	return parameters.urlStyle === 'perCopy' ? parameters.pathAfterId : parameters.path;
}

/** The webhook's URL path (DESIGN.md decision 8): `pathAfterId` per copy, else `path` as typed. */
export const PATH_FIELD: DescribedField = {
	template: '={{$parameter["urlStyle"] === "perCopy" ? $parameter["pathAfterId"] : $parameter["path"]}}',
	resolve: resolveTriggerPath,
};

/**
 * n8n's `isFullPath`: false only for a per-copy path without `:name` segments, which n8n then serves as
 * `<webhookId>/<path>`. A path with `:name` segments stays a full path: n8n puts the webhook ID in front of it
 * itself, and matches a request by that ID and the path's segment count (2.41 `webhook.service.js`
 * `findDynamicWebhook`); registered as `<webhookId>/<path>` it would never match.
 */
export const FULL_PATH_FIELD: DescribedField = {
	template:
		'={{$parameter["urlStyle"] !== "perCopy" || String($parameter["pathAfterId"]).startsWith(":") || String($parameter["pathAfterId"]).includes("/:")}}',
	resolve: (parameters) =>
		parameters.urlStyle !== PER_COPY ||
		String(parameters.pathAfterId).startsWith(':') ||
		String(parameters.pathAfterId).includes('/:'),
};

/** The path a trigger was configured with (for cache keys and messages), as {@link resolveTriggerPath} picks it. */
export function readTriggerPath(context: IWebhookFunctions): string {
	const urlStyle = context.getNodeParameter(URL_STYLE_PARAMETER, 'exactPath') as string;
	const value = context.getNodeParameter(urlStyle === PER_COPY ? 'pathAfterId' : 'path', '');
	return typeof value === 'string' ? value : '';
}

export interface TriggerPathOptions {
	/** The path's default, e.g. `m8com/lookup`; the same in both styles. */
	path: string;
	/** An example path, e.g. `m8com/lookup/:customerId`. */
	placeholder: string;
	/** Who calls the URL, for the descriptions ("M8Com calls", "Wildix posts to"). */
	caller: string;
	/** Whether the trigger emits a `:name` segment of the path (customerId); the descriptions then say so. */
	customerSegment: boolean;
}

/**
 * The URL properties of a trigger: the style, the path for each style, and a notice on the exact-path rule. The
 * URL itself is shown by n8n's webhook URL panel above the parameters (it evaluates the same templates).
 */
export function triggerPathProperties({ path, placeholder, caller, customerSegment }: TriggerPathOptions): INodeProperties[] {
	// n8n's webhook table keys a path with a `:name` segment by path and method only, without the webhook ID
	// (2.41 `webhook.service.js` `storeWebhook`): copies of such a workflow need paths of their own.
	const customers = customerSegment
		? ' Add a segment like ":customerId" to serve several customers from one workflow; its value is emitted as customerId. n8n keys such a path without the webhook ID: give each copy its own path (e.g. agency-a/m8com/lookup/:customerId).'
		: '';
	return [
		{
			displayName: 'URL',
			name: URL_STYLE_PARAMETER,
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Exact Path',
					value: 'exactPath',
					description: 'The URL is /webhook/&lt;path&gt; as typed. Only one active workflow can use a path.',
				},
				{
					name: 'Unique per Workflow Copy',
					value: PER_COPY,
					description:
						'The URL starts with this node\'s webhook ID: /webhook/&lt;ID&gt;/&lt;path&gt;. Every imported or duplicated copy of the workflow gets its own URL.',
				},
			],
			default: 'exactPath',
			description: 'Which URL this trigger serves; the URL is shown above (Webhook URLs)',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			default: path,
			required: true,
			placeholder,
			description: `The URL path ${caller} (the URL is /webhook/&lt;path&gt;).${customers}`,
			displayOptions: { show: { [URL_STYLE_PARAMETER]: ['exactPath'] } },
		},
		{
			displayName:
				'Only one active workflow can use a path. For another copy of this workflow (another customer), type another path or choose "Unique per Workflow Copy".',
			name: 'exactPathNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { [URL_STYLE_PARAMETER]: ['exactPath'] } },
		},
		{
			displayName: 'Path',
			name: 'pathAfterId',
			type: 'string',
			default: path,
			required: true,
			placeholder,
			description: `The URL path ${caller}, after this node's webhook ID (the URL is /webhook/&lt;ID&gt;/&lt;path&gt;).${customers}`,
			displayOptions: { show: { [URL_STYLE_PARAMETER]: [PER_COPY] } },
		},
	];
}

/**
 * Template fields for a webhook description. On n8n-workflow 2.41+ they also carry native resolvers
 * (`webhookDescriptionFields`), which n8n uses instead of the expression engine whenever the node's parameters
 * are static (2.41 `webhook.service.js` `evaluateDescriptionProperty`, `webhook-execution-context.js`
 * `resolveNatively`; `live-webhooks.js` `webhookPhaseNeedsIsolate` asks `webhookDescriptionIsNativelyResolvable`).
 * n8n 1.x has no such helper and evaluates the same templates, as before.
 */
export function describedFields<K extends string>(fields: Record<K, DescribedField>): Record<K, string> {
	const templates = Object.fromEntries(Object.entries<DescribedField>(fields).map(([name, field]) => [name, field.template])) as Record<K, string>;
	// Looked up at run time: the n8n-workflow that loads this package is n8n's own, which may predate the helper.
	const { webhookDescriptionFields } = workflow as Partial<typeof workflow>;
	if (typeof webhookDescriptionFields !== 'function') return templates;
	return webhookDescriptionFields(fields);
}

export type WebhookAnswer =
	/** n8n answers once it has accepted the execution: 200 (or `responseCode`) `{"message":"Workflow was started"}`. */
	| { mode: 'acknowledge'; responseCode?: DescribedField }
	/** The trigger keeps the response and the workflow answers through the respond node (lib/n8nRespondSeam.ts). */
	| { mode: 'respondNode' };

export interface TriggerWebhook {
	/** A method, or a field for methods that depend on the parameters (a field may resolve to an array of methods). */
	httpMethod: IHttpRequestMethods | DescribedField;
	answer: WebhookAnswer;
}

/**
 * A trigger's webhook description: the path and its style ({@link UrlStyle}), the method(s), and how n8n answers.
 * Acknowledging triggers set `responseData: ''`: n8n 2.41 answers an onReceived webhook without `responseData`
 * with the bare text "firstEntryJson" (its default `responseData` name); '' gives its usual
 * `{"message":"Workflow was started"}` (`webhook-on-received-response-extractor.js`, the same in 1.123).
 */
export function triggerWebhook({ httpMethod, answer }: TriggerWebhook): IWebhookDescription {
	const fields: Record<string, DescribedField> = { path: PATH_FIELD, isFullPath: FULL_PATH_FIELD };
	if (typeof httpMethod !== 'string') fields.httpMethod = httpMethod;
	if (answer.mode === 'acknowledge' && answer.responseCode) fields.responseCode = answer.responseCode;
	return {
		name: 'default',
		httpMethod: typeof httpMethod === 'string' ? httpMethod : httpMethod.template,
		...(answer.mode === 'acknowledge' ? { responseMode: 'onReceived', responseData: '' } : { responseMode: 'responseNode' }),
		...describedFields(fields),
	} as IWebhookDescription;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the body
// ---------------------------------------------------------------------------------------------------------------

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

export type RawBodyResult =
	| { ok: true; raw: Buffer }
	| { ok: false; statusCode: 400 | 413; message: string; headers?: Record<string, string> };

const KIB = 1024;

/** "64 KB", "1 MB": how a body limit is named in answers and docs. */
export function describeBytes(bytes: number): string {
	return bytes >= KIB * KIB && bytes % (KIB * KIB) === 0 ? `${bytes / (KIB * KIB)} MB` : `${Math.round(bytes / KIB)} KB`;
}

/** Content-Length as a number, or undefined when absent or not a plain number. */
function declaredLength(header: string | string[] | undefined): number | undefined {
	const value = (Array.isArray(header) ? header[0] : header)?.trim();
	return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/** The request's compression as n8n's own reader understands it (gzip, deflate), or undefined for none. */
function compression(header: string | string[] | undefined): 'gzip' | 'deflate' | undefined {
	const value = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
	return value === 'gzip' || value === 'deflate' ? value : undefined;
}

/** Whether the request is still the unread Node stream n8n hands a webhook (n8n only reads it when asked). */
function isUnreadStream(req: WebhookRequest): boolean {
	return typeof req.on === 'function' && typeof req.resume === 'function' && req.readable && !req.readableEnded;
}

/**
 * The request body's bytes, read by the trigger itself and never more than `maxBytes`, before or after decoding.
 *
 * n8n leaves the body unread for our body triggers ({@link RAW_BODY_PROPERTY}); its own reader (`req.readRawBody()`,
 * 2.41 and 1.123 `middlewares/body-parser.js` `rawBodyReader`) would read up to n8n's payload limit (16 MB by
 * default) before anything could be checked. So: a declared Content-Length over the limit is refused before a
 * byte is read; otherwise the stream is read and reading stops as soon as the limit is passed (chunked or
 * unknown-length bodies included). gzip and deflate bodies are decoded as n8n's reader decodes them, with the limit
 * on the decoded size too. A body over the limit is 413 with `Connection: close` (the rest of the upload is not
 * read); a broken or aborted one 400. The bytes are also stored as `req.rawBody`, where n8n keeps them.
 *
 * When the request is not a stream (a test stand-in), n8n's reader is used and its result checked against the limit.
 */
export async function readRequestBody(req: WebhookRequest, maxBytes: number): Promise<RawBodyResult> {
	const tooLarge: RawBodyResult = {
		ok: false,
		statusCode: 413,
		message: `The body is larger than ${describeBytes(maxBytes)}`,
		headers: { connection: 'close' },
	};
	const unreadable: RawBodyResult = { ok: false, statusCode: 400, message: 'The body could not be read' };
	const toResult = (read: BodyRead): RawBodyResult => {
		if (read.ok) return { ok: true, raw: read.bytes };
		return read.reason === 'tooLarge' ? tooLarge : unreadable;
	};

	if (Buffer.isBuffer(req.rawBody)) return req.rawBody.length > maxBytes ? tooLarge : { ok: true, raw: req.rawBody };
	if ((declaredLength(req.headers['content-length']) ?? 0) > maxBytes) return tooLarge;

	let result: RawBodyResult;
	if (isUnreadStream(req)) {
		const wire = await readStreamBounded(req, maxBytes);
		const format = compression(req.headers['content-encoding']);
		result = toResult(wire.ok && format ? await decompressBounded(wire.bytes, format, maxBytes) : wire);
	} else {
		result = await readWithN8nReader(req, maxBytes, tooLarge, unreadable);
	}
	if (result.ok) req.rawBody = result.raw;
	return result;
}

async function readWithN8nReader(
	req: WebhookRequest,
	maxBytes: number,
	tooLarge: RawBodyResult,
	unreadable: RawBodyResult,
): Promise<RawBodyResult> {
	try {
		if (typeof req.readRawBody === 'function') await req.readRawBody();
	} catch (error) {
		const status = (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
		return status === 413 ? tooLarge : unreadable;
	}
	const raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);
	return raw.length > maxBytes ? tooLarge : { ok: true, raw };
}
