/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * A small stand-in CRM for the example workflows and the end-to-end tests (no real CRM is reachable here).
 * Its shape is documented in examples/README.md:
 *
 *   GET /customers/:customerId/contacts/search?phone=<number>  → { results: Contact[] }
 *   GET /customers/:customerId/insights?phone=<number>         → a ready Caller Insights object, or 404 {}
 *   POST /customers/:customerId/<collection>  (activities, leads, recordings, …) → 201 { id }, body kept in
 *        `posted` so tests can see what a workflow wrote
 *
 * Contacts carry notes and deals with `createdAt` in Unix seconds, as many CRMs do; the example workflow maps
 * them to M8Com activities. A phone number ending in 0010 makes the CRM answer after 10 seconds (a slow CRM).
 */
import { createServer, type Server } from 'node:http';

export interface CrmNote {
	id: string;
	text: string;
	createdAt: number;
	author: string;
}

export interface CrmContact {
	id: string;
	name: string;
	firstName: string;
	lastName: string;
	email: string;
	phone: string;
	company: string;
	title: string;
	notes: CrmNote[];
	deals: Array<{ id: string; name: string; amount: number; currency: string; closeAt: number; stage: string }>;
}

const BASE_SECONDS = 1_700_000_000;
export const SLOW_SUFFIX = '0010';

function notes(count: number, author: string): CrmNote[] {
	return Array.from({ length: count }, (_, i) => ({
		id: `n${i + 1}`,
		text: `Note ${i + 1}: discussed the renewal`,
		createdAt: BASE_SECONDS + i * 3600,
		author,
	}));
}

/** Contacts per customer id, keyed by E.164 number. */
export const CRM_CONTACTS: Record<string, Record<string, CrmContact>> = {
	acme: {
		'+46701234567': {
			id: '42',
			name: 'Maria Andersson',
			firstName: 'Maria',
			lastName: 'Andersson',
			email: 'maria.andersson@acme.example',
			phone: '+46701234567',
			company: 'Acme Inc.',
			title: 'Insights Engineer',
			notes: notes(3, 'adam.webb@emca.example'),
			deals: [{ id: 'd1', name: 'Renewal 2027', amount: 12000, currency: 'SEK', closeAt: BASE_SECONDS + 90 * 86400, stage: 'Proposal' }],
		},
		'+46700000011': {
			id: '43',
			name: 'Erik Lind',
			firstName: 'Erik',
			lastName: 'Lind',
			email: 'erik.lind@acme.example',
			phone: '+46700000011',
			company: 'Acme Inc.',
			title: 'Buyer',
			notes: notes(11, 'adam.webb@emca.example'),
			deals: [],
		},
		'+46700000012': {
			id: '44',
			name: 'Nils Holm',
			firstName: 'Nils',
			lastName: 'Holm',
			email: 'nils.holm@acme.example',
			phone: '+46700000012',
			company: 'Acme Inc.',
			title: 'New customer',
			notes: [],
			deals: [],
		},
	},
	globex: {
		'+46701234567': {
			id: '7',
			name: 'Maria Andersson (Globex)',
			firstName: 'Maria',
			lastName: 'Andersson',
			email: 'maria@globex.example',
			phone: '+46701234567',
			company: 'Globex',
			title: 'CTO',
			notes: notes(1, 'hank@globex.example'),
			deals: [],
		},
	},
};

/** Ready Insights answers (for workflows that respond with JSON), including one with invalid parts. */
export const CRM_INSIGHTS: Record<string, Record<string, unknown>> = {
	'+46701234567': {
		displayName: 'Maria Andersson',
		firstName: 'Maria',
		lastName: 'Andersson',
		emails: [{ id: 'maria.andersson@acme.example', comment: 'Work' }],
		phoneNumbers: [{ id: '+46 70 123 45 67', comment: 'Mobile' }],
		companyInfo: { name: 'Acme Inc.', title: 'Insights Engineer' },
		fields: [{ title: 'Customer number', comment: 'C-1042' }],
		moreInfoUrl: 'https://crm.example.com/contacts/42',
		createActivityUrls: [{ name: 'Create note', url: 'https://crm.example.com/contacts/42/notes/new' }],
		activities: [
			{ type: 'NOTE', header: 'Previous contact', body: 'Talked about the renewal', timestamp: 1700003600000, associatedUser: 'adam.webb@emca.example', link: 'https://crm.example.com/notes/2', markdown: false },
			{ type: 'TASK', status: 'Pending', header: 'New integration', body: 'Verify the integration', timestamp: 1700000000000, dueDate: 1700600000000, assignedUser: 'adam.webb@emca.example', done: false },
			{ type: 'CALL', body: 'Inbound call', timestamp: 1699990000000, toNumber: '+46812345678', fromNumber: '+46701234567', duration: 125000, startTime: 1699990000000 },
			{ type: 'TICKET', body: 'Login problem', timestamp: 1699980000000, createdDate: 1699980000000, priority: 'HIGH', pipeline: 'Support', pipelineStage: 'Open', link: 'https://crm.example.com/tickets/9' },
			{ type: 'DEAL', body: 'Renewal 2027', timestamp: 1699970000000, closeDate: 1707770000000, currency: 'SEK', amount: 12000, done: false, pipeline: 'Sales', pipelineStage: 'Proposal' },
			{ type: 'APPOINTMENT', body: 'Quarterly review', timestamp: 1699960000000, startDate: 1700700000000, endDate: 1700703600000, allDay: false, venue: 'Stockholm office', status: 'Confirmed' },
		],
	},
	// Answered after 10 s (see SLOW_SUFFIX): the answer is valid but comes too late for M8Com.
	'+46700000010': { displayName: 'Slow CRM Contact' },
	'+46700000099': {
		displayName: 'Invalid Parts AB',
		avatarUrl: 'not a url',
		emails: [{ id: 'ok@invalid.example' }, { comment: 'no id' }],
		activities: [
			{ type: 'NOTE', body: 'Valid note', timestamp: 1700000000 },
			{ type: 'NOTE', timestamp: 1700000000 },
			{ type: 'MEETING', body: 'Unknown type', timestamp: 1700000000 },
		],
		internalScore: 99,
	},
};

function send(res: import('node:http').ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

export function findContacts(customerId: string, phone: string): CrmContact[] {
	const contact = CRM_CONTACTS[customerId]?.[phone.replace(/[\s-]/g, '')];
	return contact ? [contact] : [];
}

/** Starts the stand-in CRM on 127.0.0.1:port (0 = any free port). */
/** A record a workflow wrote to the CRM (POST /customers/:customerId/:collection). */
export interface CrmPost {
	customerId: string;
	collection: string;
	body: unknown;
	contentType: string;
	query: Record<string, string>;
}

export interface StandInCrm {
	server: Server;
	baseUrl: string;
	requests: string[];
	posted: CrmPost[];
}

export async function startStandInCrm(port = 0): Promise<StandInCrm> {
	const requests: string[] = [];
	const posted: CrmPost[] = [];
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		requests.push(url.pathname + url.search);
		const collection = /^\/customers\/([^/]+)\/([a-z-]+)$/.exec(url.pathname);
		if (req.method === 'POST' && collection) {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const raw = Buffer.concat(chunks);
				const contentType = String(req.headers['content-type'] ?? '');
				let body: unknown = raw.toString('utf8');
				if (contentType.includes('json')) {
					try {
						body = JSON.parse(raw.toString('utf8'));
					} catch {
						return send(res, 400, { message: 'Invalid JSON' });
					}
				} else if (!contentType.startsWith('text/')) {
					body = { bytes: raw.length, text: raw.toString('latin1') };
				}
				const query = Object.fromEntries(url.searchParams);
				posted.push({ customerId: collection[1], collection: collection[2], body, contentType, query });
				send(res, 201, { id: `${collection[2]}-${posted.length}` });
			});
			return;
		}
		const phone = url.searchParams.get('phone') ?? '';
		const delay = phone.endsWith(SLOW_SUFFIX) ? 10_000 : 0;
		const timer = setTimeout(() => {
			const search = /^\/customers\/([^/]+)\/contacts\/search$/.exec(url.pathname);
			if (search) return send(res, 200, { results: findContacts(search[1], phone) });
			const insights = /^\/customers\/([^/]+)\/insights$/.exec(url.pathname);
			if (insights) {
				const found = CRM_INSIGHTS[phone.replace(/[\s-]/g, '')];
				return found ? send(res, 200, found) : send(res, 404, {});
			}
			send(res, 404, { message: 'Not found' });
		}, delay);
		timer.unref();
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	return { server, baseUrl: `http://127.0.0.1:${actualPort}`, requests, posted };
}
