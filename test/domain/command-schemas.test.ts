import { describe, expect, it } from 'vitest';
import { commandSchemas } from '../../domain/command-schemas.js';
import * as commands from '../../domain/commands.js';

describe('command schemas, built once and shared', () => {
  it('builds them on the first call and hands out the same ones after', () => {
    expect(commandSchemas()).toBe(commandSchemas());
  });

  it('are the very schemas domain/commands names for the API and console', () => {
    const s = commandSchemas();
    expect(commands.judgeInput).toBe(s.judgeInput);
    expect(commands.recordEscalationOutcomeInput).toBe(s.recordEscalationOutcomeInput);
  });

  it('still validate after many parses (no state carried from one parse to the next)', () => {
    const { judgeInput } = commandSchemas();
    for (let i = 0; i < 3; i++) {
      expect(judgeInput.safeParse({ decision: 'major', reason: '现场核查' }).success).toBe(false);
      expect(judgeInput.safeParse({ decision: 'general', reason: '现场核查' }).success).toBe(true);
    }
  });
});
