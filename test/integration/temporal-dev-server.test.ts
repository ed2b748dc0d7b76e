import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareNamespace, RETENTION_DAYS, waitForTemporal } from '../../scripts/lib/temporal-setup.js';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev-server.js';
import { TASK_QUEUE, searchAttributes } from '../../workflows/definitions.js';
import { temporalCliPath } from '../helpers/paths.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** What `make dev` does with Temporal: SQLite persistence, search attributes, retention, survival of a restart. */
describe('make dev Temporal server', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-temporal-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('registers search attributes and retention, and keeps workflows across a restart', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const opts = {
      binary: temporalCliPath,
      dataDir,
      address,
      uiPort: await freePort(),
      namespace: 'default',
    };

    let server = await startTemporalDevServer(opts);
    let connection = await waitForTemporal(address);
    try {
      await prepareNamespace(connection, 'default');
      await prepareNamespace(connection, 'default'); // idempotent on every start
      const client = new Client({ connection });
      await client.workflow.start('caseWorkflow', {
        taskQueue: TASK_QUEUE,
        workflowId: 'case-restart-probe',
        args: [],
      });
    } finally {
      await connection.close();
      await server.stop();
    }

    server = await startTemporalDevServer(opts);
    connection = await waitForTemporal(address);
    try {
      const attrs = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      for (const key of Object.values(searchAttributes))
        expect(Object.keys(attrs.customAttributes ?? {})).toContain(key.name);
      const ns = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(Number(ns.config?.workflowExecutionRetentionTtl?.seconds)).toBe(RETENTION_DAYS * 86_400);
      const client = new Client({ connection });
      const described = await client.workflow.getHandle('case-restart-probe').describe();
      expect(described.status.name).toBe('RUNNING');
    } finally {
      await connection.close();
      await server.stop();
    }
  });
});
