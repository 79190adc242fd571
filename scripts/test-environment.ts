/**
 * The test runner's workers run without NODE_EXTRA_CA_CERTS: Node.js 20 reads that file as every process
 * starts (some 40 ms for a system's whole bundle), and the tests start some two hundred Node.js processes
 * that open no TLS connection. The value is kept under this name for those that do: npm, in the consumer
 * test, which may reach the registry through a proxy that needs it.
 */
export const extraCaCertsVariable = 'TEST_RUNNER_EXTRA_CA_CERTS';

/** An environment with NODE_EXTRA_CA_CERTS kept aside under extraCaCertsVariable. */
export function withoutExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: extra, ...rest } = env;
  return extra === undefined ? rest : { ...rest, [extraCaCertsVariable]: extra };
}

/** An environment with the NODE_EXTRA_CA_CERTS that withoutExtraCaCerts kept aside, for a TLS client. */
export function withExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { [extraCaCertsVariable]: extra, ...rest } = env;
  return extra === undefined ? rest : { ...rest, NODE_EXTRA_CA_CERTS: extra };
}
