import { cleanup, render, screen } from '@testing-library/react';
import { createTheme, ThemeProvider } from '@mui/material/styles';
import Tooltip from '@mui/material/Tooltip';
import { afterEach, describe, expect, it } from 'vitest';
import { lightTheme } from '../../admin-ui/src/layout/theme';

afterEach(cleanup);

describe('console theme', () => {
  it('shows a tooltip opaque at once: no fade for a contrast check to catch half transparent', async () => {
    render(
      <ThemeProvider theme={createTheme(lightTheme)}>
        <Tooltip title="催办" open>
          <button type="button">按钮</button>
        </Tooltip>
      </ThemeProvider>,
    );
    const tooltip = await screen.findByRole('tooltip');
    const box = tooltip.querySelector('.MuiTooltip-tooltip') as HTMLElement;
    // The grow-in transition's durations: MUI's default is ~200 ms of opacity and transform.
    const durations = [...box.style.transition.matchAll(/(\d+(?:\.\d+)?)m?s/g)].map((m) => Number(m[1]));
    expect(box.style.transition).toContain('opacity');
    expect(durations.every((d) => d === 0)).toBe(true);
    expect(getComputedStyle(box).backgroundColor).toBe('rgb(66, 66, 66)');
  });
});
