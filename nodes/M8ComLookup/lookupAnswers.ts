import { JSON_CONTENT_TYPE } from '../../lib/webhookResponse';
import type { PreparedAnswer } from '../../lib/responseGuard';
import type { Insights } from './insightsSchema';

/** How "no match" is answered: M8Com treats anything but a 200 with a contact as no hit. */
export type NoMatchStatus = '404' | '204' | '200';

export const NO_MATCH_OPTIONS = [
	{ name: '404 Not Found With {}', value: '404' },
	{ name: '204 No Content', value: '204' },
	{ name: '200 OK With {}', value: '200' },
];

export function noMatchAnswer(status: NoMatchStatus | string): PreparedAnswer {
	if (status === '204') return { statusCode: 204, headers: {}, body: Buffer.alloc(0) };
	return {
		statusCode: status === '200' ? 200 : 404,
		headers: { 'content-type': JSON_CONTENT_TYPE },
		body: Buffer.from('{}'),
	};
}

export function contactAnswer(insights: Insights): PreparedAnswer {
	return { statusCode: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: Buffer.from(JSON.stringify(insights)) };
}
