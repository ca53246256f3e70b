/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * A stand-in for M8Com's recording file storage: signed URLs that work, have expired, or answer slowly.
 *   GET /rec/<name>.mp3            → 200 audio/mpeg, the bytes of `recordingBytes(name)`
 *   GET /rec/<name>.mp3?expired=1  → 410 (M8Com's links expire 30 minutes after the call)
 *   GET /rec/<name>.mp3?delay=<ms> → the file, after <ms> milliseconds
 *   GET /rec/<name>.mp3?bytes=<n>  → a file of n bytes (for the size limit)
 *   GET /moved?to=<url>            → 302 to <url> (for redirects)
 * It listens on 127.0.0.1, inside the n8n host, so the recording trigger fetches from it only with the opt-in
 * for self-hosted file servers (`selfHostedFiles`).
 */
import { createServer, type Server } from 'node:http';

import type { WorkflowJson } from '../harness/api';

/** The workflow with its recording trigger's opt-in for a self-hosted file server (the stand-in is on 127.0.0.1). */
export function selfHostedFiles(workflow: WorkflowJson, settings: Record<string, unknown> = {}): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const trigger = copy.nodes.find((node) => String(node.type).endsWith('.m8ComRecordingTrigger'));
	if (!trigger) throw new Error(`${copy.name} has no M8Com Recording Trigger`);
	const parameters = trigger.parameters as { settings?: Record<string, unknown> };
	parameters.settings = { ...parameters.settings, allowPrivateAddresses: true, ...settings };
	return copy;
}

export const recordingBytes = (name: string): Buffer => Buffer.from(`ID3 fake mp3 audio of ${name} `.repeat(200), 'latin1');

export interface RecordingFileServer {
	server: Server;
	baseUrl: string;
	requests: string[];
	close(): void;
}

export async function startRecordingFileServer(): Promise<RecordingFileServer> {
	const requests: string[] = [];
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		requests.push(url.pathname + url.search);
		if (url.pathname === '/moved') {
			res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
			return;
		}
		const file = /^\/rec\/([\w-]+)\.mp3$/.exec(url.pathname);
		if (!file) {
			res.writeHead(404).end();
			return;
		}
		if (url.searchParams.has('expired')) {
			res.writeHead(410, { 'content-type': 'text/plain' }).end('This link has expired');
			return;
		}
		const timer = setTimeout(() => {
			if (res.destroyed) return;
			const bytes = url.searchParams.get('bytes');
			res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(bytes ? Buffer.alloc(Number(bytes), 1) : recordingBytes(file[1]));
		}, Number(url.searchParams.get('delay') ?? 0));
		timer.unref();
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		server,
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		close: () => {
			server.closeAllConnections();
			server.close();
		},
	};
}
