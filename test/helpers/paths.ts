import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const temporalCliPath = path.join(repoRoot, '.tools/py/bin/temporal');
export const testServerPath = path.join(repoRoot, '.tools/py/bin/temporal-test-server');
export const artifactsDir = path.join(repoRoot, 'test-artifacts');
