/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/** The part of autocannon's programmatic API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';

	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		amount?: number;
		headers?: Record<string, string>;
		expectBody?: string;
		timeout?: number;
	}

	interface Result {
		requests: { total: number; average: number };
		duration: number;
		errors: number;
		timeouts: number;
		mismatches: number;
		non2xx: number;
		'2xx': number;
		statusCodeStats: Record<string, { count: number }>;
	}

	interface Instance extends EventEmitter, PromiseLike<Result> {
		on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
		on(event: string, listener: (...args: unknown[]) => void): this;
		stop(): void;
	}

	function autocannon(options: Options): Instance;
	export = autocannon;
}
