import { zhCN } from '@mui/material/locale';
import { deepmerge } from '@mui/utils';
import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

/**
 * The console's look: the deep navy band and the red rule of an authority's own pages (the red rule of a 红头文件),
 * in place of react-admin's stock blue bar. Contrast of text on both is above WCAG AA.
 */
export const BRAND_NAVY = '#0f3a6b';
export const BRAND_RED = '#c8161d';

const shared = {
  typography: {
    fontFamily:
      '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", Roboto, Arial, sans-serif',
  },
  components: {
    RaAppBar: {
      styleOverrides: {
        root: { '& .RaAppBar-toolbar': { borderBottom: `3px solid ${BRAND_RED}` } },
      },
    },
    MuiAppBar: { styleOverrides: { colorSecondary: { backgroundColor: BRAND_NAVY, color: '#fff' } } },
    // Progress indicators are announced (axe: aria-progressbar-name); the console's first language names them.
    MuiCircularProgress: { defaultProps: { 'aria-label': '加载中' } },
    MuiLinearProgress: { defaultProps: { 'aria-label': '加载中' } },
    // MUI's tooltip is 92 % opaque: white on it over a light page falls under 4.5:1 while it fades. Opaque grey,
    // shown at once: while it grows in (200 ms) it is half transparent, and a tooltip opened under the pointer just
    // as the console walk's axe ran was measured so (color-contrast at .MuiTooltip-tooltip, hs.leader phone).
    MuiTooltip: {
      defaultProps: { slotProps: { transition: { timeout: 0 } } },
      styleOverrides: { tooltip: { backgroundColor: '#424242' } },
    },
    // An empty list and a page loading say so in text.disabled (3:1 on white, axe color-contrast); the pictures
    // above the words stay faint.
    RaLoading: {
      styleOverrides: {
        root: ({ theme }: { theme: { palette: { text: { secondary: string } } } }) => ({
          '& .RaLoading-message': { color: theme.palette.text.secondary },
        }),
      },
    },
    RaEmpty: {
      styleOverrides: {
        root: ({ theme }: { theme: { palette: { text: { secondary: string } } } }) => ({
          '& .RaEmpty-message': { color: theme.palette.text.secondary },
        }),
      },
    },
  },
};

/**
 * MUI's own words (an autocomplete's "No options", a pagination's labels) in Chinese, the console's first language.
 * The theme does not follow the language switch; react-admin's messages, which carry nearly every word, do.
 */
const muiChinese = zhCN as object;

export const lightTheme: RaThemeOptions = deepmerge(
  deepmerge(deepmerge(defaultLightTheme, muiChinese), shared),
  {
    palette: {
      primary: { main: '#1d4f91', contrastText: '#fff' },
      // MUI's orange fails WCAG AA with white text (warning chips and buttons on the case page): a darker amber.
      warning: { main: '#b45309', contrastText: '#fff' },
      secondary: { main: BRAND_NAVY, contrastText: '#fff' },
      // Red text on the grey of a form's toolbar (删除) stays above 4.5:1.
      error: { main: '#b71c1c' },
      background: { default: '#f4f6f9' },
    },
  },
);

export const darkTheme: RaThemeOptions = deepmerge(
  deepmerge(deepmerge(defaultDarkTheme, muiChinese), shared),
  {
    palette: { secondary: { main: BRAND_NAVY, contrastText: '#fff' } },
  },
);
