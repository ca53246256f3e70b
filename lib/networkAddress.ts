/**
 * IP addresses as bytes, and the ranges a server-side fetch must never reach (loopback, private, link-local,
 * unique-local, multicast, unspecified, cloud metadata, reserved). Plain code on purpose: shipped nodes may not
 * import `net`, and an address must be judged by its value, not by how it is spelled.
 */

export interface IpAddress {
	version: 4 | 6;
	/** 4 bytes (IPv4) or 16 bytes (IPv6). */
	bytes: number[];
}

/** Why an address is not a public one; undefined for a public (globally routable) address. */
export type AddressRange =
	| 'cloud metadata'
	| 'loopback'
	| 'private'
	| 'shared (carrier-grade NAT)'
	| 'link-local'
	| 'unique-local'
	| 'multicast'
	| 'unspecified'
	| 'reserved';

const DECIMAL = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[\da-f]{1,4}$/i;

/** A dotted-quad IPv4 address in its canonical form ("192.0.2.1"), the form URLs and DNS answers use. */
function parseIpv4(text: string): number[] | undefined {
	const parts = text.split('.');
	if (parts.length !== 4 || !parts.every((part) => DECIMAL.test(part))) return undefined;
	const bytes = parts.map(Number);
	return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

/** An IPv6 address ("::1", "2001:db8::1", "::ffff:192.0.2.1"), with or without brackets or a zone ("%eth0"). */
function parseIpv6(text: string): number[] | undefined {
	let value = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
	const zone = value.indexOf('%');
	if (zone !== -1) value = value.slice(0, zone);
	if (!value.includes(':')) return undefined;

	// A trailing dotted IPv4 part ("::ffff:192.0.2.1") stands for the last two groups.
	const lastColon = value.lastIndexOf(':');
	if (value.slice(lastColon + 1).includes('.')) {
		const ipv4 = parseIpv4(value.slice(lastColon + 1));
		if (!ipv4) return undefined;
		const hex = (high: number, low: number) => ((high << 8) | low).toString(16);
		value = `${value.slice(0, lastColon + 1)}${hex(ipv4[0], ipv4[1])}:${hex(ipv4[2], ipv4[3])}`;
	}

	const halves = value.split('::');
	if (halves.length > 2) return undefined;
	const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
	const head = groupsOf(halves[0]);
	const rest = halves.length === 2 ? groupsOf(halves[1]) : [];
	const missing = 8 - head.length - rest.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
	if (!groups.every((group) => HEX_GROUP.test(group))) return undefined;
	const bytes = groups.flatMap((group) => {
		const n = parseInt(group, 16);
		return [n >> 8, n & 0xff];
	});
	return bytes;
}

/** An IP address in text (as a URL's hostname or a DNS answer has it), or undefined for anything else. */
export function parseIpAddress(text: string): IpAddress | undefined {
	const ipv4 = parseIpv4(text);
	if (ipv4) return { version: 4, bytes: ipv4 };
	const ipv6 = parseIpv6(text);
	return ipv6 ? { version: 6, bytes: ipv6 } : undefined;
}

type Range = [prefix: number[], bits: number, range: AddressRange];

// Order matters: the first matching range names the address.
const IPV4_RANGES: Range[] = [
	[[169, 254, 169, 254], 32, 'cloud metadata'], // AWS, GCP, Azure, OpenStack
	[[100, 100, 100, 200], 32, 'cloud metadata'], // Alibaba Cloud
	[[192, 0, 0, 192], 32, 'cloud metadata'], // Oracle Cloud
	[[0], 8, 'unspecified'], // "this network"; 0.0.0.0 reaches the local machine
	[[10], 8, 'private'],
	[[100, 64], 10, 'shared (carrier-grade NAT)'],
	[[127], 8, 'loopback'],
	[[169, 254], 16, 'link-local'],
	[[172, 16], 12, 'private'],
	[[192, 0, 0], 24, 'reserved'], // IETF protocol assignments
	[[192, 0, 2], 24, 'reserved'], // documentation
	[[192, 88, 99], 24, 'reserved'], // 6to4 relay anycast
	[[192, 168], 16, 'private'],
	[[198, 18], 15, 'reserved'], // benchmarking
	[[198, 51, 100], 24, 'reserved'], // documentation
	[[203, 0, 113], 24, 'reserved'], // documentation
	[[224], 4, 'multicast'],
	[[240], 4, 'reserved'], // future use, and the broadcast address
];

const IPV6_RANGES: Range[] = [
	[[0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, 'cloud metadata'], // AWS (fd00:ec2::254)
	[[], 128, 'unspecified'], // ::
	[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'], // ::1
	[[0, 0x64, 0xff, 0x9b, 0, 1], 48, 'private'], // local-use NAT64
	[[0x01], 64, 'reserved'], // 100::/64 discard
	[[0x20, 0x01, 0, 0], 32, 'reserved'], // Teredo (the IPv4 address inside is obscured)
	[[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
	[[0xfc], 7, 'unique-local'],
	[[0xfe, 0x80], 10, 'link-local'],
	[[0xfe, 0xc0], 10, 'private'], // site-local (deprecated)
	[[0xff], 8, 'multicast'],
];

/** Where an IPv6 address carries an IPv4 address that decides where it really goes. */
const EMBEDDED_IPV4: Array<[prefix: number[], bits: number, offset: number]> = [
	[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 12], // IPv4-mapped ::ffff:a.b.c.d
	[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 96, 12], // IPv4-compatible ::a.b.c.d (deprecated)
	[[0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96, 12], // NAT64 64:ff9b::a.b.c.d
	[[0x20, 0x02], 16, 2], // 6to4 2002:aabb:ccdd::
];

function inPrefix(bytes: number[], prefix: number[], bits: number): boolean {
	for (let bit = 0; bit < bits; bit += 8) {
		const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
		if ((bytes[bit / 8] & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false;
	}
	return true;
}

const firstRange = (bytes: number[], ranges: Range[]) => ranges.find(([prefix, bits]) => inPrefix(bytes, prefix, bits))?.[2];

/** The non-public range an address is in, or undefined when it is a public address. */
export function addressRange(address: IpAddress): AddressRange | undefined {
	if (address.version === 4) return firstRange(address.bytes, IPV4_RANGES);
	const named = firstRange(address.bytes, IPV6_RANGES);
	if (named) return named;
	for (const [prefix, bits, offset] of EMBEDDED_IPV4) {
		if (inPrefix(address.bytes, prefix, bits)) return addressRange({ version: 4, bytes: address.bytes.slice(offset, offset + 4) });
	}
	// Only 2000::/3 is global unicast; everything else is reserved.
	return inPrefix(address.bytes, [0x20], 3) ? undefined : 'reserved';
}
