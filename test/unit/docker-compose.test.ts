import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/paths.js';

// Docker cannot run on the build machines, so the production shape is checked by reading it.
interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  environment?: Record<string, string>;
  restart?: string;
}
const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;

describe('docker-compose.yml', () => {
  it('has every service the product needs', () => {
    for (const name of [
      'postgres',
      'temporal-schema',
      'temporal',
      'temporal-namespace',
      'temporal-ui',
      'migrate',
      'api',
      'worker',
    ]) {
      expect(services, `service ${name}`).toHaveProperty(name);
    }
  });

  it('gives every long-running service a health check', () => {
    const longRunning = Object.entries(services).filter(([, s]) => s.restart !== 'no');
    expect(longRunning.map(([n]) => n).sort()).toEqual([
      'api',
      'postgres',
      'temporal',
      'temporal-ui',
      'worker',
    ]);
    for (const [name, s] of longRunning) expect(s.healthcheck?.test, `${name} healthcheck`).toBeTruthy();
  });

  it('backs Temporal with PostgreSQL, after its schema job', () => {
    expect(services.temporal?.environment?.DB).toBe('postgres12');
    expect(services.temporal?.depends_on?.['temporal-schema']?.condition).toBe(
      'service_completed_successfully',
    );
    expect(services['temporal-schema']?.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('registers every search attribute the workflow upserts', async () => {
    const { searchAttributes } = await import('../../workflows/definitions.js');
    const job = JSON.stringify(services['temporal-namespace']?.command);
    for (const key of Object.values(searchAttributes)) expect(job).toContain(key.name);
    expect(job).toContain('--retention 3650d');
  });

  it('runs the API and the worker as separate services from entry files that exist', () => {
    for (const name of ['api', 'worker', 'migrate']) {
      const s = services[name]!;
      expect(s.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      const cmd = Array.isArray(s.command) ? s.command : [];
      const entry = cmd.find((c) => c.endsWith('.ts'));
      expect(entry, `${name} entry`).toBeTruthy();
      expect(existsSync(path.join(repoRoot, entry!)), `${entry} exists`).toBe(true);
    }
    expect(services.api?.command).not.toEqual(services.worker?.command);
    expect(services.api?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(existsSync(path.join(repoRoot, 'Dockerfile'))).toBe(true);
  });

  it('gives the API and the worker the notification channels and the document fonts', async () => {
    const { configSchema } = await import('../../config/config.js');
    for (const name of ['api', 'worker']) {
      const e = services[name]!.environment!;
      for (const k of [
        'SMTP_URL',
        'MAIL_FROM',
        'SMS_GATEWAY_URL',
        'SMS_GATEWAY_TOKEN',
        'PUBLIC_BASE_URL',
        'DOCUMENT_FONT_DIRS',
      ])
        expect(e, `${name} ${k}`).toHaveProperty(k);
      // Unset in the deployment's .env, compose passes empty strings: the configuration must take them as unset.
      const parsed = configSchema.safeParse({
        SMTP_URL: '',
        SMS_GATEWAY_URL: '',
        SMS_GATEWAY_TOKEN: '',
        PUBLIC_BASE_URL: '',
      });
      expect(parsed.success).toBe(true);
    }
  });
});
