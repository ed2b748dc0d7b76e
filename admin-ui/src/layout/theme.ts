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
  },
};

export const lightTheme: RaThemeOptions = deepmerge(deepmerge(defaultLightTheme, shared), {
  palette: {
    primary: { main: '#1d4f91', contrastText: '#fff' },
    secondary: { main: BRAND_NAVY, contrastText: '#fff' },
    error: { main: '#c62828' },
    background: { default: '#f4f6f9' },
  },
});

export const darkTheme: RaThemeOptions = deepmerge(deepmerge(defaultDarkTheme, shared), {
  palette: { secondary: { main: BRAND_NAVY, contrastText: '#fff' } },
});
