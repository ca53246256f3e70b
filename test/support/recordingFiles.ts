/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * A stand-in for M8Com's recording file storage: signed URLs that work, have expired, or answer slowly.
 *   GET /rec/<name>.mp3            → 200 audio/mpeg, the bytes of `recordingBytes(name)`
 *   GET /rec/<name>.mp3?expired=1  → 410 (M8Com's links expire 30 minutes after the call)
 *   GET /rec/<name>.mp3?delay=<ms> → the file, after <ms> milliseconds
 */
import { createServer, type Server } from 'node:http';

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
			res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(recordingBytes(file[1]));
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
