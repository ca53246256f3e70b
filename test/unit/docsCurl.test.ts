/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * Each vendor page's "Try it with curl" snippet, run as written: bash executes it (openssl computes the
 * signature) with the placeholders filled in, a stand-in `curl` records its arguments, and the request they
 * describe goes to the trigger through n8n-core's WebhookContext, which must accept it, and must refuse the
 * same snippet run with another secret. So the snippets stay correct for any secret, body and trigger change.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeType } from 'n8n-workflow';

import { AutoIdTrigger } from '../../nodes/AutoIdTrigger/AutoIdTrigger.node';
import { CallTrackingMetricsTrigger } from '../../nodes/CallTrackingMetricsTrigger/CallTrackingMetricsTrigger.node';
import { M8ComCallLogTrigger } from '../../nodes/M8ComCallLog/M8ComCallLogTrigger.node';
import { M8ComLookupTrigger } from '../../nodes/M8ComLookup/M8ComLookupTrigger.node';
import { M8ComRecordingTrigger } from '../../nodes/M8ComRecording/M8ComRecordingTrigger.node';
import { WildixTrigger } from '../../nodes/WildixTrigger/WildixTrigger.node';
import { callWebhook, type TestRequest } from './webhookContext';

const DOCS = join(__dirname, '../../docs');
const MARKER = '<!-- curl-test:';
const TEST_URL = 'http://localhost:5678/webhook-test/try-it';

interface Page {
	page: string;
	trigger: INodeType;
	parameters: IDataObject;
	/** The credentials by type for a given secret (what the snippet's secret line is set to). */
	credentials: (secret: string) => Record<string, object>;
	/** The variable of the snippet that holds the secret. */
	secretVariable: string;
}

const PAGES: Page[] = [
	{ page: 'wildix.md', trigger: new WildixTrigger(), parameters: {}, secretVariable: 'SECRET', credentials: (secret) => ({ wildixWebhookApi: { secret } }) },
	{
		page: 'calltrackingmetrics.md',
		trigger: new CallTrackingMetricsTrigger(),
		parameters: { authentication: ['signature'] },
		secretVariable: 'SECRET',
		credentials: (signingSecret) => ({ callTrackingMetricsApi: { signingSecret } }),
	},
	{
		page: 'autoid.md',
		trigger: new AutoIdTrigger(),
		parameters: {},
		secretVariable: 'TOKEN',
		credentials: (value) => ({ autoIdWebhookApi: { authentication: 'headerAuth', headers: { values: [{ name: 'X-AutoID-Token', value }] } } }),
	},
	{ page: 'm8com-lookup.md', trigger: new M8ComLookupTrigger(), parameters: {}, secretVariable: 'SECRET', credentials: (secret) => ({ m8ComWebhookApi: { secret } }) },
	{ page: 'm8com-call-log.md', trigger: new M8ComCallLogTrigger(), parameters: {}, secretVariable: 'SECRET', credentials: (secret) => ({ m8ComWebhookApi: { secret } }) },
	{ page: 'm8com-recording.md', trigger: new M8ComRecordingTrigger(), parameters: {}, secretVariable: 'SECRET', credentials: (secret) => ({ m8ComWebhookApi: { secret } }) },
];

/** The sh block right after the page's curl-test marker. */
function snippetOf(page: string): string {
	const text = readFileSync(join(DOCS, page), 'utf8');
	const at = text.indexOf(MARKER);
	if (at < 0) throw new Error(`${page} has no "${MARKER}" snippet`);
	const match = /```sh\n([\s\S]*?)```/.exec(text.slice(at));
	if (!match) throw new Error(`${page}: no sh block after the marker`);
	return match[1];
}

/** Runs the snippet with its URL and secret lines filled in; returns the arguments it passed to curl. */
function runSnippet(snippet: string, secretVariable: string, secret: string): string[] {
	const filled = snippet
		.replace(/^URL='[^'\n]*'$/m, `URL='${TEST_URL}'`)
		.replace(new RegExp(`^${secretVariable}='[^'\\n]*'$`, 'm'), `${secretVariable}='${secret}'`);
	expect(filled).toContain(`URL='${TEST_URL}'`);
	expect(filled).toContain(`${secretVariable}='${secret}'`);
	// A function named curl takes the place of the real one: it prints each argument, NUL-terminated.
	const script = `set -euo pipefail\ncurl() { printf '%s\\0' "$@"; }\n${filled}`;
	const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
	return out.split('\0').slice(0, -1);
}

/** The request curl would send for these arguments (the options the snippets use: -sS, -X, -H, --data-binary). */
function requestOf(args: string[]): TestRequest & { url: string } {
	const headers: Record<string, string> = {};
	let method: string | undefined;
	let body: string | undefined;
	let url = '';
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '-sS' || arg === '-s' || arg === '-S') continue;
		if (arg === '-X') method = args[++i];
		else if (arg === '-H') {
			const header = args[++i];
			const colon = header.indexOf(':');
			headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
		} else if (arg === '--data-binary') body = args[++i];
		else if (arg.startsWith('-')) throw new Error(`the curl snippets use no ${arg}; teach requestOf about it`);
		else url = arg;
	}
	const parsed = new URL(url);
	return {
		url: `${parsed.origin}${parsed.pathname}`,
		method: method ?? (body === undefined ? 'GET' : 'POST'),
		headers,
		query: parsed.search,
		body,
	};
}

describe.each(PAGES.map((page) => [page.page, page] as const))('docs/%s: "Try it with curl"', (_name, page) => {
	const snippet = snippetOf(page.page);
	const SECRET = 'docs-curl-secret-7f3a';

	test('the snippet, run by bash, sends a request the trigger accepts (the workflow starts)', async () => {
		const request = requestOf(runSnippet(snippet, page.secretVariable, SECRET));
		expect(request.url).toBe(TEST_URL);
		const outcome = await callWebhook(page.trigger, request, { parameters: page.parameters, credentials: page.credentials(SECRET) });
		expect({ status: outcome.status, message: outcome.message }).toEqual({ status: 200, message: undefined });
		expect(outcome.items).toHaveLength(1);
	});

	test('the same snippet with another secret is refused (the secret or signature is what counts)', async () => {
		const request = requestOf(runSnippet(snippet, page.secretVariable, 'some-other-secret'));
		const outcome = await callWebhook(page.trigger, request, { parameters: page.parameters, credentials: page.credentials(SECRET) });
		expect([401, 403]).toContain(outcome.status);
		expect(outcome.items).toEqual([]);
	});
});
