/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * A small stand-in for CallTrackingMetrics' REST API on localhost (no dependencies), for the resource-link fetch
 * and the credential test. It checks Basic auth (access key : secret key) as CTM does:
 *
 *   GET /api/v1/accounts                                    → { accounts: [...] }  (the credential test)
 *   GET /api/v1/accounts/:accountId/calls/:activityId.json  → the activity, 404 when unknown
 *   wrong or missing Basic auth                              → 401
 *
 * Activity SLOW_ACTIVITY_ID answers after 10 s (to make the trigger's fetch time out). The realistic activity
 * fixtures used across the CTM tests live here too.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export const CTM_ACCESS_KEY = 'a25012d1f0e2e';
export const CTM_SECRET_KEY = 'ctm-e2e-secret-key-5b7c';
export const CTM_ACCOUNT_ID = '25012';
export const SLOW_ACTIVITY_ID = '4391999';

/** A log-data body as CTM posts it at the "end" phase of an inbound call (custom fields included). */
export const CTM_ACTIVITY = {
	id: 4391937,
	sid: 'CA5f0e7a8d2b1c4e6f9a0b3c5d7e9f1a2b',
	account_id: 25012,
	name: 'Maria Andersson',
	cnam: 'ANDERSSON MARIA',
	search: 'emergency plumber seattle',
	referrer: 'https://www.google.com/',
	location: 'https://www.acme-plumbing.example/emergency',
	source: 'Google Ads',
	source_id: 51,
	tgid: 44,
	likelihood: 0.96,
	duration: 185,
	direction: 'inbound',
	talk_time: 162,
	ring_time: 23,
	hold_time: 0,
	wait_time: 0,
	parent_id: null,
	email: 'maria.andersson@example.com',
	street: null,
	city: 'Seattle',
	state: 'WA',
	country: 'US',
	postal_code: '98101',
	called_at: '2024-03-01 09:15 AM -08:00',
	unix_time: 1709313300,
	tracking_number_id: 3012,
	tracking_number: '+12065550100',
	tracking_label: 'Google Ads - Emergency',
	dial_status: 'completed',
	is_new_caller: true,
	business_number: '+12065550199',
	business_label: 'Acme Plumbing Main Line',
	receiving_number_id: 88,
	billed_amount: 3.5,
	excluded: false,
	tracking_number_format: '(206) 555-0100',
	business_number_format: '(206) 555-0199',
	caller_number_format: '(206) 555-0142',
	caller_number_complete: '+12065550142',
	caller_number_bare: '2065550142',
	caller_number: '+12065550142',
	caller_number_split: ['1', '206', '555', '0142'],
	visitor: true,
	call_status: 'answered',
	status: 'answered',
	audio: 'https://api.calltrackingmetrics.com/api/v1/accounts/25012/calls/4391937/recording',
	tag_list: ['new-customer', 'emergency'],
	notes: '',
	campaign: 'Emergency Plumbing Seattle',
	paid: { source: 'google', medium: 'cpc' },
	ga: { cid: '1234567890.1709313000' },
	agent: { id: 'USR1F2E3D4C', name: 'Adam Webb', email: 'adam.webb@acme-plumbing.example' },
	custom_fields: { account_number: 'C-1042', service_type: 'Emergency' },
};

/** An outbound call as CTM reports it: caller_number is still the contact, tracking_number the caller id used. */
export const CTM_OUTBOUND_ACTIVITY = {
	...CTM_ACTIVITY,
	id: 4391940,
	direction: 'outbound',
	duration: 60,
	talk_time: 0,
	ring_time: 30,
	call_status: 'no answer',
	status: 'no answer',
	audio: null,
	agent: { id: 'USR1F2E3D4C', name: 'Adam Webb', email: 'adam.webb@acme-plumbing.example' },
};

/** A text message received ("inbound_text"). */
export const CTM_TEXT_ACTIVITY = {
	id: 4391950,
	account_id: 25012,
	direction: 'msg_inbound',
	caller_number: '+12065550142',
	tracking_number: '+12065550100',
	tracking_label: 'Website SMS',
	source: 'Website',
	message_body: 'Can someone come today?',
	unix_time: 1709314000,
	duration: 0,
	talk_time: 0,
};

export const resourceUrl = (activityId: string | number, host = 'https://api.calltrackingmetrics.com') =>
	`${host}/api/v1/accounts/${CTM_ACCOUNT_ID}/calls/${activityId}.json`;

export interface CtmApiRequest {
	method: string;
	path: string;
	authorization: string | undefined;
}

export interface StandInCtmApi {
	server: Server;
	baseUrl: string;
	requests: CtmApiRequest[];
	close(): void;
}

function send(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

function authorized(req: IncomingMessage): boolean {
	const expected = `Basic ${Buffer.from(`${CTM_ACCESS_KEY}:${CTM_SECRET_KEY}`).toString('base64')}`;
	return req.headers.authorization === expected;
}

/** Starts the stand-in on 127.0.0.1:port (0 = any free port). */
export async function startStandInCtmApi(port = 0): Promise<StandInCtmApi> {
	const requests: CtmApiRequest[] = [];
	const activities: Record<string, unknown> = {
		[String(CTM_ACTIVITY.id)]: CTM_ACTIVITY,
		[String(CTM_OUTBOUND_ACTIVITY.id)]: CTM_OUTBOUND_ACTIVITY,
		[SLOW_ACTIVITY_ID]: { ...CTM_ACTIVITY, id: Number(SLOW_ACTIVITY_ID) },
	};
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization });
		if (!authorized(req)) return send(res, 401, { status: 'error', error: 'Unauthorized' });
		if (req.method === 'GET' && url.pathname === '/api/v1/accounts') {
			return send(res, 200, { accounts: [{ id: Number(CTM_ACCOUNT_ID), name: 'Acme Plumbing' }], total_entries: 1 });
		}
		const call = /^\/api\/v1\/accounts\/([^/]+)\/calls\/([^/.]+)(?:\.json)?$/.exec(url.pathname);
		if (req.method === 'GET' && call && call[1] === CTM_ACCOUNT_ID && activities[call[2]]) {
			const delay = call[2] === SLOW_ACTIVITY_ID ? 10_000 : 0;
			const timer = setTimeout(() => send(res, 200, activities[call[2]]), delay);
			timer.unref();
			return;
		}
		send(res, 404, { status: 'error', error: 'Not found' });
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	return {
		server,
		baseUrl: `http://127.0.0.1:${actualPort}`,
		requests,
		close() {
			server.closeAllConnections();
			server.close();
		},
	};
}
