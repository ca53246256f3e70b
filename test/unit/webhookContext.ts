/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * The one way unit tests call a trigger's webhook(): through n8n-core's own `WebhookContext` on a real
 * n8n-workflow `Workflow`, as n8n 2.41 does in `WebhookService.runWebhook` (packages/cli webhook.service.js).
 * So parameter defaults are filled in by the Workflow (NodeHelpers.getNodeParameters), `getNodeParameter`
 * resolves expressions, validates and casts exactly as in n8n, and credentials go through n8n-core's checks
 * (the node must declare the credential type). What stands in for n8n's HTTP server:
 *
 * - the request: a readable stream of the body bytes, as Node's IncomingMessage, unread (n8n leaves the body
 *   alone for our triggers: `options.binaryData`, lib/rawBody.ts), with n8n's `req.readRawBody()` (packages/cli
 *   middlewares/body-parser.js: sets `req.rawBody`, throws a 413 error over the payload limit); headers; the
 *   query string parsed as Express 5 does for n8n (`qs`, `allowPrototypes: true`); path parameters;
 * - the response: `TestResponse`, the parts of Node's ServerResponse the triggers and the response guard use;
 * - credentials: n8n's credentials helper reduced to "decrypted data by type";
 * - helpers: n8n-core's own, with any a test replaces (network fetches, binary storage).
 *
 * n8n-core needs two services from its DI container that read the n8n user folder and the config: a stand-in
 * InstanceSettings (webhooks never touch it) and a Logger that records warnings.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';

import { HookContext, InstanceSettings, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IHookFunctions,
	type IWebhookData,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

const load = createRequire(__filename);
/** Express's query parser (a dependency of n8n-core; it ships no types). */
const qs = load('qs') as { parse(text: string, options: { allowPrototypes: boolean }): IDataObject };

export const PACKAGE_NAME = 'n8n-nodes-telephony-webhooks';

/** n8n's default payload limit (N8N_PAYLOAD_SIZE_MAX, 16 MiB). */
export const DEFAULT_PAYLOAD_LIMIT = 16 * 1024 * 1024;

/**
 * n8n-core resolves its own copies of @n8n/di and @n8n/backend-common (node_modules/n8n-core/node_modules), so
 * its DI container is reached through n8n-core's folder. Without these stand-ins, InstanceSettings would create
 * an n8n user folder (~/.n8n/config) on first use.
 */
const coreDir = dirname(require.resolve('n8n-core/package.json'));
const fromCore = <T>(name: string): T => load(require.resolve(name, { paths: [coreDir] })) as T;
const { Container } = fromCore<{ Container: { set(type: unknown, value: unknown): void; get<T>(type: unknown): T } }>('@n8n/di');
const { Logger } = fromCore<{ Logger: unknown }>('@n8n/backend-common');

const warnings: string[] = [];
const logger = {
	warn: (message: string) => warnings.push(message),
	error: (message: string) => warnings.push(message),
	info: () => undefined,
	debug: () => undefined,
	scoped: () => logger,
};
Container.set(InstanceSettings, { instanceId: 'unit-test', n8nFolder: '/nonexistent/.n8n' });
Container.set(Logger, logger);

/** Enough of Node's ServerResponse for the triggers, rejectRequest and the lookup's response guard. */
export class TestResponse {
	statusCode = 200;
	headers: Record<string, string | number | string[]> = {};
	/** Every chunk written, in order. */
	chunks: Buffer[] = [];
	headersSent = false;
	writableEnded = false;
	destroyed = false;

	/** The body as text (undefined when nothing was written). */
	get body(): string | undefined {
		return this.chunks.length === 0 ? undefined : Buffer.concat(this.chunks).toString('utf8');
	}

	setHeader(name: string, value: string | number | string[]) {
		if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT: Cannot set headers after they are sent to the client');
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	setHeaders(headers: Map<string, string> | Headers) {
		for (const [name, value] of headers) this.setHeader(name, value);
		return this;
	}

	getHeader(name: string) {
		return this.headers[name.toLowerCase()];
	}

	removeHeader(name: string) {
		if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT: Cannot remove headers after they are sent to the client');
		delete this.headers[name.toLowerCase()];
	}

	writeHead(status: number, ...rest: unknown[]) {
		if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT: Cannot write headers after they are sent to the client');
		const headers = rest.find((arg) => typeof arg === 'object' && arg !== null) as Record<string, string | number> | undefined;
		this.statusCode = status;
		for (const [name, value] of Object.entries(headers ?? {})) this.headers[name.toLowerCase()] = value;
		this.headersSent = true;
		return this;
	}

	write(chunk: unknown) {
		if (this.writableEnded) throw new Error('ERR_STREAM_WRITE_AFTER_END');
		this.headersSent = true;
		this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
		return true;
	}

	end(chunk?: unknown) {
		if (this.writableEnded) return this;
		if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') this.write(chunk);
		this.headersSent = true;
		this.writableEnded = true;
		return this;
	}
}

export interface TestRequest {
	method?: string;
	/** Header names in any case (Node lower-cases them); undefined values are left out. */
	headers?: Record<string, string | string[] | undefined>;
	/** The query string as sent (`"a=1&user[firstName]=x"`, a leading `?` allowed), or an already parsed object. */
	query?: string | IDataObject;
	/** Path parameters (`:customerId`). */
	params?: IDataObject;
	/** The body as sent: bytes, text, or any other value sent as its JSON. */
	body?: Buffer | string | unknown;
	/** n8n's payload limit in bytes. */
	payloadLimit?: number;
	/** Send the body chunked (no Content-Length, `Transfer-Encoding: chunked`), in pieces of this many bytes. */
	chunkSize?: number;
}

export interface TestSetup {
	/** The node's parameters as saved in a workflow; n8n fills in the defaults. */
	parameters?: INodeParameters | IDataObject;
	/** Decrypted credential data by credential type. */
	credentials?: Record<string, object>;
	/** Credential ids by type (default: one per credential content, see `credentialId`). */
	credentialIds?: Record<string, string>;
	/** Told about every decryption of a credential (n8n's `getCredentials` in the webhook). */
	onGetCredentials?: (type: string) => void;
	/** n8n helpers to replace (network fetches, binary data). */
	helpers?: Partial<IWebhookFunctions['helpers']>;
	typeVersion?: number;
	/** The webhook description to run (default: the first one matching the request's method). */
	webhookName?: string;
	/** Ids of the workflow and the trigger node (default workflow-1, node-1). */
	workflowId?: string;
	nodeId?: string;
}

export interface WebhookOutcome {
	result: IWebhookResponseData;
	res: TestResponse;
	/** The status the caller gets: what the trigger wrote, else n8n's acknowledgement (200) when it starts the workflow. */
	status: number;
	/** The `message` of a JSON answer the trigger wrote, if any. */
	message: string | undefined;
	/** The first output's items' json (empty when nothing starts). */
	items: IDataObject[];
	executionData: INodeExecutionData[];
	context: IWebhookFunctions;
	warnings: string[];
}

function requestBody(body: TestRequest['body']): Buffer {
	if (body === undefined) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

function parseQuery(query: TestRequest['query']): IDataObject {
	if (query === undefined) return {};
	if (typeof query !== 'string') return query;
	return qs.parse(query.startsWith('?') ? query.slice(1) : query, { allowPrototypes: true });
}

function lowerCaseHeaders(headers: TestRequest['headers'] = {}): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name.toLowerCase()] = value;
	return out;
}

/**
 * The request n8n hands a webhook: a readable stream of the body bytes, as Node's IncomingMessage is, with
 * n8n's `readRawBody()` (which reads the stream, sets `req.rawBody`, and throws raw-body's 413 error over the
 * payload limit). Content-Length is sent for a non-empty body unless the test sets it (`undefined` removes it), or
 * the body goes chunked in pieces of `chunkSize` bytes.
 */
export function testRequest(request: TestRequest = {}) {
	const bytes = requestBody(request.body);
	const limit = request.payloadLimit ?? DEFAULT_PAYLOAD_LIMIT;
	const given = request.headers ?? {};
	const declared = Object.keys(given).some((name) => name.toLowerCase() === 'content-length');
	const framing = request.chunkSize ? { 'transfer-encoding': 'chunked' } : declared || bytes.length === 0 ? {} : { 'content-length': String(bytes.length) };
	const headers = lowerCaseHeaders({ ...framing, ...given });
	const size = request.chunkSize ?? (bytes.length || 1);
	const pieces = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
	const stream = Readable.from(pieces);
	const req = Object.assign(stream, {
		method: request.method ?? 'POST',
		headers,
		query: parseQuery(request.query),
		params: request.params ?? {},
		body: undefined as unknown,
		rawBody: undefined as Buffer | undefined,
		readRawBody: async () => {
			if (req.rawBody) return;
			const chunks: Buffer[] = [];
			let length = 0;
			for await (const chunk of stream) {
				length += (chunk as Buffer).length;
				if (length > limit) {
					// raw-body's error: `status`/`statusCode` 413, type entity.too.large.
					throw Object.assign(new Error('request entity too large'), { status: 413, statusCode: 413, type: 'entity.too.large' });
				}
				chunks.push(chunk as Buffer);
			}
			req.rawBody = Buffer.concat(chunks);
		},
	});
	return req;
}

/** The node's type name as n8n knows a community package's node (`<package>.<name>`). */
const typeName = (nodeType: INodeType) => `${PACKAGE_NAME}.${nodeType.description.name}`;

function latestVersion(nodeType: INodeType): number {
	const { version, defaultVersion } = nodeType.description;
	if (defaultVersion !== undefined) return defaultVersion;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * The id of the credential a test attaches: one per credential content (a test that changes the data uses another
 * credential, as a different credential in n8n has a different id), or the test's own (`credentialIds`, to change a
 * credential's data under the same id, as editing it in n8n does). Triggers remember a verified secret per
 * credential id (lib/verifiedSecrets.ts).
 */
function credentialId(type: string, setup: TestSetup): string {
	const given = setup.credentialIds?.[type];
	if (given !== undefined) return given;
	const content = JSON.stringify(setup.credentials?.[type] ?? null);
	return `cred-${type}-${createHash('sha256').update(content).digest('hex').slice(0, 12)}`;
}

/** A workflow holding just this trigger, with its credentials attached by type. */
export function workflowWith(nodeType: INodeType, setup: TestSetup = {}): { workflow: Workflow; node: INode } {
	const credentials = Object.fromEntries(
		(nodeType.description.credentials ?? []).map(({ name }) => [name, { id: credentialId(name, setup), name: `${name} credential` }]),
	);
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const saved: INode = {
		id: setup.nodeId ?? 'node-1',
		name: nodeType.description.defaults.name ?? nodeType.description.displayName,
		type: typeName(nodeType),
		typeVersion: setup.typeVersion ?? latestVersion(nodeType),
		position: [0, 0],
		// A copy: n8n's Workflow writes the defaults into the object it is given.
		parameters: structuredClone(setup.parameters ?? {}) as INodeParameters,
		credentials,
		webhookId: 'webhook-1',
	};
	const workflow = new Workflow({ id: setup.workflowId ?? 'workflow-1', name: 'Unit test', nodes: [saved], connections: {}, active: true, nodeTypes, settings: {} });
	return { workflow, node: workflow.getNode(saved.name) as INode };
}

function webhookFor(nodeType: INodeType, method: string, name?: string) {
	const webhooks = nodeType.description.webhooks ?? [];
	const byName = webhooks.filter((webhook) => name === undefined || webhook.name === name);
	const byMethod = byName.find((webhook) => typeof webhook.httpMethod === 'string' && webhook.httpMethod === method);
	const chosen = byMethod ?? byName[0];
	if (!chosen) throw new Error(`${nodeType.description.name} has no webhook ${name ?? ''}`);
	return chosen;
}

/** n8n's additional data for a node context: credentials by type (decrypted), the request and response. */
function additionalDataFor(setup: TestSetup, req?: unknown, res?: unknown): IWorkflowExecuteAdditionalData {
	const credentials = setup.credentials ?? {};
	return {
		credentialsHelper: {
			getDecrypted: async (_data: unknown, _nodeCredentials: unknown, type: string) => {
				setup.onGetCredentials?.(type);
				if (!Object.prototype.hasOwnProperty.call(credentials, type)) throw new Error(`No credential of type ${type} in this test`);
				return structuredClone(credentials[type]) as ICredentialDataDecryptedObject;
			},
			isCredentialUsableByNode: () => true,
			getCredentialsProperties: () => [],
		},
		httpRequest: req,
		httpResponse: res,
		executionId: undefined,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
		userId: 'user-1',
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * The context n8n gives a trigger's webhook lifecycle methods (checkExists, create, delete) when the workflow is
 * activated: n8n-core's own HookContext on the same one-trigger workflow.
 */
export function hookContext(nodeType: INodeType, setup: TestSetup = {}): IHookFunctions {
	const { workflow, node } = workflowWith(nodeType, setup);
	return new HookContext(workflow, node, additionalDataFor(setup), 'trigger', 'activate') as unknown as IHookFunctions;
}

/** Builds the context n8n would give the trigger for this request. */
export function webhookContext(nodeType: INodeType, request: TestRequest = {}, setup: TestSetup = {}) {
	const { workflow, node } = workflowWith(nodeType, setup);
	const req = testRequest(request);
	const res = new TestResponse();
	const additionalData = additionalDataFor(setup, req, res);
	const description = webhookFor(nodeType, req.method, setup.webhookName);
	const webhookData: IWebhookData = {
		httpMethod: req.method as IWebhookData['httpMethod'],
		node: node.name,
		path: 'unit-test',
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};
	const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
	if (setup.helpers) Object.assign(context.helpers, setup.helpers);
	return { context: context as unknown as IWebhookFunctions, req, res };
}

/** What the node logged as a warning or an error since the last call (and clears the record). */
export function takeWarnings(): string[] {
	return warnings.splice(0, warnings.length);
}

/** The status a caller of n8n gets for this outcome (n8n answers onReceived webhooks itself with 200). */
function answeredStatus(result: IWebhookResponseData, res: TestResponse): number {
	if (res.headersSent) return res.statusCode;
	return result.workflowData ? 200 : 500;
}

function messageOf(res: TestResponse): string | undefined {
	try {
		const parsed: unknown = JSON.parse(res.body ?? '');
		return typeof parsed === 'object' && parsed !== null && typeof (parsed as IDataObject).message === 'string'
			? ((parsed as IDataObject).message as string)
			: undefined;
	} catch {
		return undefined;
	}
}

/** Runs the trigger's webhook() on this request, as n8n does. Exceptions propagate (a test decides). */
export async function callWebhook(nodeType: INodeType, request: TestRequest = {}, setup: TestSetup = {}): Promise<WebhookOutcome> {
	const { context, res } = webhookContext(nodeType, request, setup);
	if (!nodeType.webhook) throw new Error(`${nodeType.description.name} has no webhook()`);
	warnings.length = 0;
	const result = await nodeType.webhook.call(context);
	const executionData = result.workflowData?.[0] ?? [];
	return {
		result,
		res,
		status: answeredStatus(result, res),
		message: messageOf(res),
		items: executionData.map((item) => item.json),
		executionData,
		context,
		warnings: [...warnings],
	};
}
