/** Small stand-ins for n8n's function contexts and Node's response, for unit tests of node code. */
import type { IDataObject, INode } from 'n8n-workflow';

/** Enough of a ServerResponse for the code under test: headers, status, body, end. */
export class FakeResponse {
	statusCode = 200;
	headers: Record<string, string | number> = {};
	body: string | undefined;
	headersSent = false;
	writableEnded = false;
	destroyed = false;

	setHeader(name: string, value: string | number) {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	writeHead(status: number, headers: Record<string, string | number> = {}) {
		this.statusCode = status;
		for (const [k, v] of Object.entries(headers)) this.setHeader(k, v);
		this.headersSent = true;
		return this;
	}

	end(chunk?: unknown) {
		this.headersSent = true;
		this.writableEnded = true;
		if (chunk !== undefined && typeof chunk !== 'function') this.body = String(chunk);
		return this;
	}
}

export const fakeNode = (type: string, name = 'Node'): INode => ({
	id: 'n1',
	name,
	type,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});

/** Reads a (possibly nested, dotted) parameter from a plain object, as getNodeParameter does. */
export function parameterReader(parameters: IDataObject) {
	return (name: string, _itemIndex?: number, fallback?: unknown) => {
		const value = name.split('.').reduce<unknown>((node, key) => (node as IDataObject | undefined)?.[key], parameters);
		return value === undefined ? fallback : value;
	};
}

export interface FakeRequest {
	headers?: IDataObject;
	query?: IDataObject;
	params?: IDataObject;
	body?: unknown;
}

/** A webhook context for a trigger's webhook(): the request, a FakeResponse, a secret credential, parameters. */
export function fakeWebhookContext(
	request: FakeRequest,
	parameters: IDataObject = {},
	extra: { credentials?: IDataObject; helpers?: unknown } = {},
) {
	const res = new FakeResponse();
	const context = {
		getRequestObject: () => ({
			headers: { 'content-type': 'application/json', ...request.headers },
			body: request.body,
			// The bytes as sent: triggers that take a body read it themselves (lib/rawBody.ts).
			rawBody: request.body === undefined ? undefined : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body)),
		}),
		getResponseObject: () => res,
		getQueryData: () => request.query ?? {},
		getParamsData: () => request.params ?? {},
		getBodyData: () => request.body ?? {},
		getCredentials: async () => extra.credentials ?? { secret: 's3cret' },
		// A webhook context's getNodeParameter takes (name, fallback), without an item index.
		getNodeParameter: (name: string, fallback?: unknown) => parameterReader({ defaultCountry: 'SE', ...parameters })(name, 0, fallback),
		helpers: extra.helpers ?? {},
	};
	return { context, res };
}
