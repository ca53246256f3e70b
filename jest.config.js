// Two projects: fast unit tests, and end-to-end tests that drive a real n8n (see test/harness).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

module.exports = {
	// Per test; the e2e tests wait for real n8n executions (a 10 s CRM step among them).
	testTimeout: 120000,
	projects: [
		{
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			testEnvironment: 'node',
		},
		{
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			testEnvironment: 'node',
			globalSetup: '<rootDir>/test/harness/globalSetup.ts',
			globalTeardown: '<rootDir>/test/harness/globalTeardown.ts',
			maxWorkers: 1,
		},
	],
};
