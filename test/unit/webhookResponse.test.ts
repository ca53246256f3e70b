import { ignoreRequest, rejectRequest, type WebhookResponse } from '../../lib/webhookResponse';
import { TestResponse } from './webhookContext';

describe('rejectRequest', () => {
	test('writes the status and a one-line JSON message and tells n8n not to start an execution', () => {
		const res = new TestResponse();
		expect(rejectRequest(res as unknown as WebhookResponse, 403, 'Invalid secret')).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(403);
		expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(res.body).toBe('{"message":"Invalid secret"}');
	});

	test('does nothing to a response that is already sent', () => {
		const res = new TestResponse();
		res.end('earlier');
		rejectRequest(res as unknown as WebhookResponse, 400, 'late');
		expect(res.body).toBe('earlier');
	});
});

describe('ignoreRequest', () => {
	test('acknowledges with 200 and a short reason, and starts nothing', () => {
		const res = new TestResponse();
		expect(ignoreRequest(res as unknown as WebhookResponse, 'call type not selected')).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(200);
		expect(res.body).toBe('{"message":"Ignored: call type not selected"}');
	});
});
