/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * One real HTTP exchange on 127.0.0.1: `handle` answers (or not) on a real Node ServerResponse, and the client's
 * view (status, body) comes back. For the response guard's tests, which need Node's own response object.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function exchange(handle: (res: ServerResponse) => void): Promise<{ status: number; body: string }> {
	const server = createServer((_req, res) => handle(res));
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	try {
		const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
		return { status: res.status, body: await res.text() };
	} finally {
		server.close();
	}
}
