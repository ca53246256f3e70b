/** The rule for fetching a URL taken from a request: scheme, host list, opt-in, and the host's resolved addresses. */
import type { IWebhookFunctions } from 'n8n-workflow';

import {
	checkOutboundUrl,
	hostAllowed,
	isLocalName,
	isSsrfBlock,
	n8nResolver,
	parseAllowedHosts,
	type OutboundPolicy,
	type ResolveHost,
} from '../../lib/outboundUrl';
import { n8nCoreRequestHelpers } from './n8nCoreHelpers';

const closed: OutboundPolicy = { allowPrivateAddresses: false, allowedHosts: [] };
const optedIn: OutboundPolicy = { allowPrivateAddresses: true, allowedHosts: [] };

/** A resolver from a table; it records what it was asked. */
function table(answers: Record<string, string[] | Error>): { resolve: ResolveHost; asked: string[] } {
	const asked: string[] = [];
	return {
		asked,
		resolve: async (hostname) => {
			asked.push(hostname);
			const answer = answers[hostname];
			if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
			if (answer instanceof Error) throw answer;
			return answer;
		},
	};
}

const ssrfError = () => Object.assign(new Error('The request was blocked because it resolves to a restricted IP address'), { name: 'SsrfBlockedIpError' });

describe('checkOutboundUrl: scheme', () => {
	test.each(['ftp://files.example.com/a.mp3', 'file:///etc/passwd', 'gopher://files.example.com/', 'data:audio/mpeg;base64,AAAA', 'javascript:alert(1)', 'not a url', '', '//files.example.com/a.mp3'])(
		'%p is not http(s)',
		async (url) => {
			expect(await checkOutboundUrl(url, optedIn, undefined)).toEqual({ ok: false, reason: 'not http(s)' });
		},
	);

	test('http and https in any case are fetched as the parser wrote them', async () => {
		const check = await checkOutboundUrl('HTTPS://Files.Example.COM/rec/1.mp3?token=x', closed, table({ 'files.example.com': ['93.184.216.34'] }).resolve);
		expect(check).toEqual({ ok: true, url: new URL('https://files.example.com/rec/1.mp3?token=x') });
	});
});

describe('checkOutboundUrl: IP literals, in every spelling, without the opt-in', () => {
	test.each([
		['http://127.0.0.1:8080/a.mp3', 'loopback'],
		['http://0x7f000001/a.mp3', 'loopback'],
		['http://2130706433/a.mp3', 'loopback'],
		['http://0177.0.0.1/a.mp3', 'loopback'],
		['http://127.1/a.mp3', 'loopback'],
		['http://[::1]/a.mp3', 'loopback'],
		['http://[::ffff:127.0.0.1]/a.mp3', 'loopback'],
		['http://[0:0:0:0:0:0:0:1]/a.mp3', 'loopback'],
		['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
		['http://[fd00:ec2::254]/latest/meta-data/', 'cloud metadata'],
		['http://10.0.0.5/a.mp3', 'private'],
		['http://172.20.1.1/a.mp3', 'private'],
		['http://192.168.0.10/a.mp3', 'private'],
		['http://100.64.1.1/a.mp3', 'shared (carrier-grade NAT)'],
		['http://169.254.1.1/a.mp3', 'link-local'],
		['http://[fe80::1]/a.mp3', 'link-local'],
		['http://[fc00::1]/a.mp3', 'unique-local'],
		['http://224.0.0.251/a.mp3', 'multicast'],
		['http://[ff02::1]/a.mp3', 'multicast'],
		['http://0.0.0.0/a.mp3', 'unspecified'],
		['http://0/a.mp3', 'unspecified'],
		['http://[::]/a.mp3', 'unspecified'],
		['https://user:pass@127.0.0.1/a.mp3', 'loopback'],
	])('%s is refused as %s, without a lookup', async (url, range) => {
		const { resolve, asked } = table({});
		expect(await checkOutboundUrl(url, closed, resolve)).toEqual({ ok: false, reason: 'private address', range });
		expect(await checkOutboundUrl(url, closed, undefined)).toEqual({ ok: false, reason: 'private address', range });
		expect(asked).toEqual([]);
	});

	test('a public IP literal is fetched (its address is known without a lookup)', async () => {
		const { resolve, asked } = table({});
		expect(await checkOutboundUrl('https://93.184.216.34/a.mp3', closed, resolve)).toMatchObject({ ok: true });
		expect(await checkOutboundUrl('https://[2606:4700::1111]/a.mp3', closed, resolve)).toMatchObject({ ok: true });
		expect(asked).toEqual([]);
	});
});

describe('checkOutboundUrl: host names, by their resolved addresses', () => {
	test('a name that resolves to public addresses only is fetched', async () => {
		const { resolve, asked } = table({ 'files.m8com.example': ['93.184.216.34', '2606:2800:220:1::1'] });
		expect(await checkOutboundUrl('https://files.m8com.example/a.mp3', closed, resolve)).toMatchObject({ ok: true });
		expect(asked).toEqual(['files.m8com.example']);
	});

	test.each([
		['loopback', ['127.0.0.1'], 'loopback'],
		['the metadata address', ['169.254.169.254'], 'cloud metadata'],
		['one private address among public ones', ['93.184.216.34', '10.1.2.3'], 'private'],
		['an IPv4-mapped loopback', ['::ffff:127.0.0.1'], 'loopback'],
		['IPv6 loopback', ['::1'], 'loopback'],
		['a unique-local address', ['fd12::1'], 'unique-local'],
		['something that is not an address', ['not-an-ip'], 'reserved'],
	])('a name that resolves to %s is refused', async (_, addresses, range) => {
		const { resolve } = table({ 'rebind.example.com': addresses });
		expect(await checkOutboundUrl('https://rebind.example.com/a.mp3', closed, resolve)).toEqual({ ok: false, reason: 'private address', range });
	});

	test('a name n8n\'s egress filter blocks is refused as private (the error may be wrapped)', async () => {
		const wrapped = Object.assign(new Error('lookup failed'), { cause: ssrfError() });
		for (const error of [ssrfError(), wrapped]) {
			const { resolve } = table({ 'blocked.example.com': error });
			expect(await checkOutboundUrl('https://blocked.example.com/a.mp3', closed, resolve)).toEqual({ ok: false, reason: 'private address', range: 'blocked by n8n' });
		}
	});

	test('a name that does not resolve, or resolves to nothing, is "unresolved"', async () => {
		const { resolve } = table({ 'empty.example.com': [] });
		expect(await checkOutboundUrl('https://missing.example.com/a.mp3', closed, resolve)).toEqual({ ok: false, reason: 'unresolved' });
		expect(await checkOutboundUrl('https://empty.example.com/a.mp3', closed, resolve)).toEqual({ ok: false, reason: 'unresolved' });
	});

	test('with a resolver, "localhost" is judged by what it resolves to', async () => {
		const { resolve } = table({ localhost: ['127.0.0.1', '::1'] });
		expect(await checkOutboundUrl('http://localhost:5678/a.mp3', closed, resolve)).toEqual({ ok: false, reason: 'private address', range: 'loopback' });
	});

	test('without a resolver (n8n before 2.41), names that are local by definition are refused, others pass', async () => {
		for (const url of ['http://localhost/a', 'http://LOCALHOST./a', 'http://files.localhost/a', 'http://nas.local/a', 'http://metadata.google.internal/a', 'http://fileserver/a', 'http://router.home.arpa/a']) {
			expect(await checkOutboundUrl(url, closed, undefined)).toEqual({ ok: false, reason: 'private address', range: 'local name' });
		}
		expect(await checkOutboundUrl('https://files.m8com.example/a.mp3', closed, undefined)).toMatchObject({ ok: true });
	});
});

describe('checkOutboundUrl: the opt-in for self-hosted servers and the host list', () => {
	test('with the opt-in, private addresses and local names are fetched, and nothing is resolved', async () => {
		const { resolve, asked } = table({});
		for (const url of ['http://127.0.0.1:9000/a.mp3', 'http://[::1]/a.mp3', 'http://10.0.0.5/a.mp3', 'http://nas.local/a.mp3', 'http://localhost/a.mp3']) {
			expect(await checkOutboundUrl(url, optedIn, resolve)).toMatchObject({ ok: true });
		}
		expect(asked).toEqual([]);
	});

	test('a host list admits only its hosts, before any lookup, with or without the opt-in', async () => {
		const allowedHosts = parseAllowedHosts('files.m8com.example, *.cdn.example, [::1]');
		const { resolve, asked } = table({ 'files.m8com.example': ['93.184.216.34'], 'eu.cdn.example': ['93.184.216.35'] });
		expect(await checkOutboundUrl('https://files.m8com.example/a', { ...closed, allowedHosts }, resolve)).toMatchObject({ ok: true });
		expect(await checkOutboundUrl('https://eu.cdn.example/a', { ...closed, allowedHosts }, resolve)).toMatchObject({ ok: true });
		for (const url of ['https://evil.example/a', 'https://cdn.example/a', 'https://files.m8com.example.evil.example/a', 'https://evilfiles.m8com.example/a', 'http://127.0.0.1/a']) {
			expect(await checkOutboundUrl(url, { ...closed, allowedHosts }, resolve)).toEqual({ ok: false, reason: 'host not allowed' });
			expect(await checkOutboundUrl(url, { ...optedIn, allowedHosts }, resolve)).toEqual({ ok: false, reason: 'host not allowed' });
		}
		expect(await checkOutboundUrl('http://[::1]:8000/a', { ...optedIn, allowedHosts }, resolve)).toMatchObject({ ok: true });
		expect(await checkOutboundUrl('http://[::1]:8000/a', { ...closed, allowedHosts }, resolve)).toEqual({ ok: false, reason: 'private address', range: 'loopback' });
		expect(asked).toEqual(['files.m8com.example', 'eu.cdn.example']);
	});

	test('a listed host that resolves into a private network still needs the opt-in', async () => {
		const { resolve } = table({ 'files.corp.example': ['10.0.0.7'] });
		const allowedHosts = ['files.corp.example'];
		expect(await checkOutboundUrl('https://files.corp.example/a', { ...closed, allowedHosts }, resolve)).toEqual({ ok: false, reason: 'private address', range: 'private' });
		expect(await checkOutboundUrl('https://files.corp.example/a', { ...optedIn, allowedHosts }, resolve)).toMatchObject({ ok: true });
	});
});

describe('helpers', () => {
	test('parseAllowedHosts: trimmed, lower case, no trailing dots or brackets, no empty entries', () => {
		expect(parseAllowedHosts(' Files.Example.com. ,, *.CDN.example ,[::1]')).toEqual(['files.example.com', '*.cdn.example', '::1']);
		expect(parseAllowedHosts(undefined)).toEqual([]);
		expect(parseAllowedHosts('  ')).toEqual([]);
	});

	test('hostAllowed: an empty list allows any host; "*." allows subdomains only', () => {
		expect(hostAllowed('anything.example', [])).toBe(true);
		expect(hostAllowed('a.b.example.com', ['*.example.com'])).toBe(true);
		expect(hostAllowed('example.com', ['*.example.com'])).toBe(false);
		expect(hostAllowed('badexample.com', ['*.example.com'])).toBe(false);
	});

	test('isLocalName', () => {
		expect(['localhost', 'a.localhost', 'x.localdomain', 'printer.local', 'a.internal', 'nas.lan', 'single'].every(isLocalName)).toBe(true);
		expect(['files.m8com.example', 'localhost.example.com', 'local.example.com'].some(isLocalName)).toBe(false);
	});

	test('isSsrfBlock: n8n\'s SSRF errors by name, also as a cause; a cause loop ends', () => {
		expect(isSsrfBlock(ssrfError())).toBe(true);
		expect(isSsrfBlock({ name: 'SsrfBlockedHostnameError' })).toBe(true);
		expect(isSsrfBlock({ name: 'AxiosError', cause: { cause: ssrfError() } })).toBe(true);
		const loop: { name: string; cause?: unknown } = { name: 'Error' };
		loop.cause = loop;
		expect(isSsrfBlock(loop)).toBe(false);
		expect(isSsrfBlock(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe(false);
		expect(isSsrfBlock(undefined)).toBe(false);
	});
});

describe('n8nResolver', () => {
	const lookupHelpers = (lookup: (host: string, options: object, cb: (e: Error | null, r: unknown) => void) => void) => {
		const policies: unknown[] = [];
		const helpers = {
			getSecureEgressFilter: (policy: unknown) => {
				policies.push(policy);
				return { createSecureLookup: () => lookup };
			},
		} as unknown as IWebhookFunctions['helpers'];
		return { helpers, policies };
	};

	test('no resolver where n8n has no egress filter (before 2.41)', () => {
		expect(n8nResolver({})).toBeUndefined();
	});

	test('asks n8n\'s egress filter, with its SSRF rules enforced, for all addresses', async () => {
		const { helpers, policies } = lookupHelpers((_host, _options, cb) => cb(null, [{ address: '93.184.216.34', family: 4 }, { address: '::1', family: 6 }]));
		expect(await n8nResolver(helpers)!('files.example.com')).toEqual(['93.184.216.34', '::1']);
		expect(policies).toEqual(['enforced']);
	});

	test('a single address answer, and a failed lookup', async () => {
		expect(await n8nResolver(lookupHelpers((_h, _o, cb) => cb(null, '93.184.216.34')).helpers)!('x.example')).toEqual(['93.184.216.34']);
		await expect(n8nResolver(lookupHelpers((_h, _o, cb) => cb(ssrfError(), [])).helpers)!('x.example')).rejects.toThrow('restricted IP address');
	});

	test('with n8n-core 2.41.0\'s real egress filter: "localhost" is blocked by n8n\'s default ranges, an unknown name is unresolved', async () => {
		const resolve = n8nResolver(n8nCoreRequestHelpers());
		expect(resolve).toBeDefined();
		expect(await checkOutboundUrl('http://localhost:1/a.mp3', closed, resolve)).toEqual({ ok: false, reason: 'private address', range: 'blocked by n8n' });
		expect(await checkOutboundUrl('http://no-such-host.invalid/a.mp3', closed, resolve)).toEqual({ ok: false, reason: 'unresolved' });
	});
});
