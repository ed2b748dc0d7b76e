import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/config.js';

describe('configuration', () => {
  it('has working defaults for make dev', () => {
    const c = configSchema.parse({});
    expect(c.PORT).toBe(8080);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(c.DEMO_SEED).toBe(true);
  });

  it('names the variable and the reason for a bad value', () => {
    const r = configSchema.safeParse({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      TEMPORAL_ADDRESS: 'nohost',
    });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(Object.keys(byField).sort()).toEqual(['DATABASE_URL', 'PORT', 'TEMPORAL_ADDRESS']);
    expect(byField.DATABASE_URL).toMatch(/postgres/);
    expect(byField.TEMPORAL_ADDRESS).toMatch(/host:port/);
  });
});
