/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/** IP addresses judged by value: parsing every form a URL or a DNS answer has, and the ranges a fetch must not reach. */
import { isIP } from 'node:net';

import fc from 'fast-check';

import { addressRange, parseIpAddress } from '../../lib/networkAddress';

/** The range of an address spelled as in a URL's host, after the WHATWG parser canonicalised it. */
const rangeOfUrlHost = (host: string) => {
	const parsed = parseIpAddress(new URL(`http://${host}/`).hostname);
	if (!parsed) throw new Error(`not an IP: ${host}`);
	return addressRange(parsed);
};

describe('parseIpAddress', () => {
	test.each([
		['192.0.2.1', 4, [192, 0, 2, 1]],
		['0.0.0.0', 4, [0, 0, 0, 0]],
		['255.255.255.255', 4, [255, 255, 255, 255]],
		['::1', 6, [...Array(15).fill(0), 1]],
		['::', 6, Array(16).fill(0)],
		['[::1]', 6, [...Array(15).fill(0), 1]],
		['2001:db8::8:800:200c:417a', 6, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a]],
		['::ffff:127.0.0.1', 6, [...Array(10).fill(0), 0xff, 0xff, 127, 0, 0, 1]],
		['::ffff:7f00:1', 6, [...Array(10).fill(0), 0xff, 0xff, 127, 0, 0, 1]],
		['fe80::1%eth0', 6, [0xfe, 0x80, ...Array(13).fill(0), 1]],
		['1:2:3:4:5:6:7:8', 6, [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
		['1:2:3:4:5:6:1.2.3.4', 6, [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4]],
		['1::', 6, [0, 1, ...Array(14).fill(0)]],
	])('%s is IPv%d %p', (text, version, bytes) => {
		expect(parseIpAddress(text)).toEqual({ version, bytes });
	});

	test.each([
		'',
		'localhost',
		'files.example.com',
		'1.2.3',
		'1.2.3.4.5',
		'256.1.1.1',
		'01.2.3.4',
		'1.2.3.4 ',
		'0x7f.0.0.1',
		':::',
		'1:::2',
		'1::2::3',
		'1:2:3:4:5:6:7:8:9',
		'1:2:3:4:5:6:7',
		'::1:2:3:4:5:6:7:8',
		'12345::',
		'g::1',
		'::ffff:1.2.3',
		'::1.2.3.4:5',
		'[::1',
	])('%p is not an IP address', (text) => {
		expect(parseIpAddress(text)).toBeUndefined();
	});

	test('accepts exactly what Node accepts as an IP address (random texts made of address characters)', () => {
		const text = fc.stringMatching(/^[\d.:a-f]{0,45}$/);
		fc.assert(
			fc.property(text, (candidate) => {
				expect(parseIpAddress(candidate) !== undefined).toBe(isIP(candidate) !== 0);
			}),
			{ numRuns: 5000 },
		);
	});

	test('reads back any IPv6 address as the URL parser writes it (compressed, lower case)', () => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
				const full = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16)).join(':');
				const canonical = new URL(`http://[${full}]/`).hostname;
				expect(parseIpAddress(canonical)).toEqual({ version: 6, bytes: [...bytes] });
				expect(parseIpAddress(full)).toEqual({ version: 6, bytes: [...bytes] });
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('addressRange', () => {
	test.each([
		['127.0.0.1', 'loopback'],
		['127.255.255.254', 'loopback'],
		['10.0.0.1', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.1', 'private'],
		['100.64.0.1', 'shared (carrier-grade NAT)'],
		['100.127.255.255', 'shared (carrier-grade NAT)'],
		['169.254.0.1', 'link-local'],
		['169.254.169.254', 'cloud metadata'],
		['100.100.100.200', 'cloud metadata'],
		['192.0.0.192', 'cloud metadata'],
		['0.0.0.0', 'unspecified'],
		['0.1.2.3', 'unspecified'],
		['224.0.0.1', 'multicast'],
		['239.255.255.250', 'multicast'],
		['240.0.0.1', 'reserved'],
		['255.255.255.255', 'reserved'],
		['192.0.2.1', 'reserved'],
		['198.18.0.1', 'reserved'],
		['198.51.100.7', 'reserved'],
		['203.0.113.9', 'reserved'],
		['::1', 'loopback'],
		['::', 'unspecified'],
		['fc00::1', 'unique-local'],
		['fd12:3456::1', 'unique-local'],
		['fd00:ec2::254', 'cloud metadata'],
		['fe80::1', 'link-local'],
		['febf::1', 'link-local'],
		['fec0::1', 'private'],
		['ff02::1', 'multicast'],
		['::ffff:127.0.0.1', 'loopback'],
		['::ffff:10.1.2.3', 'private'],
		['::ffff:169.254.169.254', 'cloud metadata'],
		['::127.0.0.1', 'loopback'],
		['64:ff9b::a9fe:a9fe', 'cloud metadata'],
		['64:ff9b:1::1', 'private'],
		['2002:7f00:1::', 'loopback'],
		['2002:c0a8:101::1', 'private'],
		['2001::1', 'reserved'],
		['2001:db8::1', 'reserved'],
		['100::1', 'reserved'],
		['::1:0:0:0', 'reserved'],
		['::2', 'unspecified'], // IPv4-compatible ::0.0.0.2
		['4000::1', 'reserved'],
	])('%s is %s', (text, range) => {
		expect(addressRange(parseIpAddress(text)!)).toBe(range);
	});

	test.each(['1.1.1.1', '8.8.8.8', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '169.253.1.1', '11.0.0.1', '223.255.255.255', '2606:4700::1111', '2a00:1450::1', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
		'%s is public',
		(text) => {
			expect(addressRange(parseIpAddress(text)!)).toBeUndefined();
		},
	);

	test.each([
		['0x7f000001', 'loopback'],
		['2130706433', 'loopback'],
		['0177.0.0.1', 'loopback'],
		['0177.1', 'loopback'],
		['127.1', 'loopback'],
		['0x7f.1', 'loopback'],
		['127.0.0.1.', 'loopback'],
		['%31%32%37.0.0.1', 'loopback'],
		['１２７.0.0.1', 'loopback'],
		['0', 'unspecified'],
		['0xa9fea9fe', 'cloud metadata'],
		['2852039166', 'cloud metadata'],
		['0251.0376.0251.0376', 'cloud metadata'],
		['[::ffff:127.0.0.1]', 'loopback'],
		['[::ffff:7f00:1]', 'loopback'],
		['[0:0:0:0:0:0:0:1]', 'loopback'],
		['[0000::0001]', 'loopback'],
		['[::ffff:a9fe:a9fe]', 'cloud metadata'],
		['[FE80::1]', 'link-local'],
		['012.0.0.1', 'private'],
		['0xc0.0xa8.1.1', 'private'],
	])('the URL host %s (any spelling) is %s', (host, range) => {
		expect(rangeOfUrlHost(host)).toBe(range);
	});
});
