/**
 * The CTM activity fetch is the other server-side fetch of a URL taken from a request: only the account and
 * activity ids of `resource_url` are used, always on the credential's API base URL, so no forged link reaches
 * another host (or an address inside n8n's network) with or without the CTM API keys.
 */
import fc from 'fast-check';

import { activityUrl, DEFAULT_API_BASE_URL } from '../../nodes/CallTrackingMetricsTrigger/GenericFunctions';
import { parseResourceLink } from '../../nodes/CallTrackingMetricsTrigger/ctmActivity';

const BASE = 'https://api.calltrackingmetrics.com';

/** The URL that would be fetched for a posted resource_url, or undefined when nothing is fetched. */
function fetchedUrl(resourceUrl: unknown, base = BASE): URL | undefined {
	const parsed = parseResourceLink({ resource_url: resourceUrl }, undefined);
	if (!parsed.ok) return undefined;
	const url = activityUrl(base, parsed.value.link);
	return url === undefined ? undefined : new URL(url);
}

describe('the CTM activity fetch never leaves the credential\'s API host', () => {
	test.each([
		'http://169.254.169.254/api/v1/accounts/1/calls/2.json',
		'http://127.0.0.1:5678/api/v1/accounts/1/calls/2.json',
		'http://[::1]/api/v1/accounts/1/calls/2.json',
		'http://0x7f000001/api/v1/accounts/1/calls/2.json',
		'https://api.calltrackingmetrics.com@evil.example/api/v1/accounts/1/calls/2.json',
		'https://evil.example/api/v1/accounts/1/calls/2.json#@api.calltrackingmetrics.com',
		'https://evil.example\\@api.calltrackingmetrics.com/api/v1/accounts/1/calls/2.json',
		'https://evil.example/x/accounts/1/calls/2',
	])('%s is fetched from the API host, with the link\'s ids only', (link) => {
		const url = fetchedUrl(link);
		expect(url?.origin).toBe(BASE);
		expect(url?.pathname).toBe('/api/v1/accounts/1/calls/2.json');
	});

	test.each([
		'https://evil.example/api/v1/accounts/..%2f..%2fx/calls/2.json',
		'https://evil.example/api/v1/accounts/1/calls/..',
		'https://evil.example/api/v1/accounts/%2e%2e/calls/2.json',
		'https://evil.example/api/v1/accounts/1/calls/2.json%3F@evil',
		'https://evil.example/api/v1/accounts/a b/calls/2.json',
	])('ids that are not plain ids (%s) fetch nothing', (link) => {
		expect(fetchedUrl(link)).toBeUndefined();
	});

	test.each([['ftp://evil.example/api/v1/accounts/1/calls/2.json'], ['file:///api/v1/accounts/1/calls/2.json'], [{ toString: 'x' }], [['https://x/accounts/1/calls/2']], [42]])(
		'a resource_url that is not an http(s) URL string (%p) fetches nothing',
		(link) => {
			expect(fetchedUrl(link)).toBeUndefined();
		},
	);

	test('an empty base URL means CTM\'s own API', () => {
		expect(fetchedUrl('https://x/api/v1/accounts/1/calls/2.json', '  ')?.origin).toBe(DEFAULT_API_BASE_URL);
	});

	test('for any posted resource_url, a fetch goes to the API host and a path of plain ids', () => {
		const segment = fc.oneof(fc.string(), fc.constantFrom('..', '.', '%2e', '%2f', '@', '\\', '?', '#', '1', 'abc-_9'));
		const link = fc.tuple(fc.constantFrom('http://', 'https://', 'HTTP://'), fc.string(), segment, segment).map(
			([scheme, host, account, call]) => `${scheme}${host}/api/v1/accounts/${account}/calls/${call}.json`,
		);
		fc.assert(
			fc.property(fc.oneof(link, fc.string()), (resourceUrl) => {
				const url = fetchedUrl(resourceUrl);
				if (url === undefined) return;
				expect(url.origin).toBe(BASE);
				expect(url.pathname).toMatch(/^\/api\/v1\/accounts\/[\w-]+\/calls\/[\w-]+\.json$/);
				expect(url.search + url.hash + url.username).toBe('');
			}),
			{ numRuns: 3000 },
		);
	});
});
