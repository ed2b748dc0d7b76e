import { Connection } from '@temporalio/client';
import { msToTs, type SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';
import { searchAttributes } from '../../workflows/definitions.js';

// CommonJS package: its namespaces are reached through the default export under Node's ESM loader.
const { temporal } = proto;
type IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
const V = temporal.api.enums.v1.IndexedValueType;
// The SDK keeps its own encoder internal, so the mapping is spelled out here.
const indexedValueTypes: Record<SearchAttributeType, IndexedValueType> = {
  TEXT: V.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: V.INDEXED_VALUE_TYPE_KEYWORD,
  INT: V.INDEXED_VALUE_TYPE_INT,
  DOUBLE: V.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: V.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: V.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: V.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

export const indexedValueType = (t: string): IndexedValueType => indexedValueTypes[t as SearchAttributeType];

/** Closed cases stay queryable in Temporal for ten years (the dev server's default is 24 h). */
export const RETENTION_DAYS = 3650;

/**
 * Makes a namespace ready for the case workflow: registers the project's search attributes through the
 * operator service (the CLI's --search-attribute flag is ignored once its SQLite file exists) and sets the
 * retention. Safe to run on every start.
 */
export async function prepareNamespace(
  connection: Connection,
  namespace: string,
  retentionDays = RETENTION_DAYS,
): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const have = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = Object.values(searchAttributes).filter((k) => !have.has(k.name));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, indexedValueType(k.type)])),
    });
  }
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(`${retentionDays} days`) },
  });
}

/** Waits until a Temporal frontend answers, or throws after `timeoutMs`. */
export async function waitForTemporal(address: string, timeoutMs = 60_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`Temporal at ${address} did not become ready in ${timeoutMs} ms: ${String(lastError)}`);
}
