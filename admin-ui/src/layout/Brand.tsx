import { Box, Link as MuiLink, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { deployment } from './deployment';

/**
 * The emblem slot: the image this deployment configured (BRAND_EMBLEM_FILE), or a neutral shield. Decorative next
 * to the system's name, so it has an empty alt.
 */
export const Emblem = ({ size = 40 }: { size?: number }) => {
  const { emblemUrl } = deployment();
  if (emblemUrl)
    return <img src={emblemUrl} alt="" width={size} height={size} style={{ objectFit: 'contain' }} />;
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path d="M24 3 42 9v13c0 11.5-7.6 19.6-18 23C13.6 41.6 6 33.5 6 22V9z" fill="#c8161d" />
      <path
        d="M24 7.5 38 12.2V22c0 9.2-5.9 15.9-14 18.9C15.9 37.9 10 31.2 10 22v-9.8z"
        fill="#fff"
        opacity=".95"
      />
      <path d="m24 13 2.9 6.2 6.7.7-5 4.6 1.4 6.6L24 27.8l-6 3.3 1.4-6.6-5-4.6 6.7-.7z" fill="#c8161d" />
    </svg>
  );
};

/** System name over the operating authority, beside the emblem: the app bar's and the login page's heading. */
export const BrandTitle = ({ compact = false, as = 'div' }: { compact?: boolean; as?: 'div' | 'h1' }) => {
  const { systemName, authority } = deployment();
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: compact ? 1 : 1.5, minWidth: 0 }}>
      <Emblem size={compact ? 32 : 48} />
      <Box sx={{ minWidth: 0 }}>
        <Typography
          component={as}
          variant={compact ? 'subtitle1' : 'h5'}
          sx={{
            fontWeight: 600,
            letterSpacing: compact ? 0.5 : { xs: 1, sm: 2 },
            lineHeight: 1.25,
            fontSize: compact ? undefined : { xs: '1.2rem', sm: '1.5rem' },
          }}
          noWrap={compact}
        >
          {systemName}
        </Typography>
        {authority && (
          <Typography
            variant={compact ? 'caption' : 'body2'}
            component="div"
            sx={{ opacity: 0.85 }}
            noWrap={compact}
          >
            {authority}
          </Typography>
        )}
      </Box>
    </Box>
  );
};

/** The footer every government site carries: the operating authority, the ICP and public-security 备案 numbers. */
export const Footer = () => {
  const t = useTranslate();
  const { authority, icp, psb, support } = deployment();
  const items = [
    authority && t('brand.operated_by', { authority }),
    support,
    icp && (
      <MuiLink key="icp" href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer" color="inherit">
        {icp}
      </MuiLink>
    ),
    psb && (
      <MuiLink key="psb" href="https://beian.mps.gov.cn/" target="_blank" rel="noreferrer" color="inherit">
        {psb}
      </MuiLink>
    ),
  ].filter(Boolean);
  if (!items.length) return null;
  return (
    <Box
      component="footer"
      sx={{
        py: 1.5,
        px: 2,
        textAlign: 'center',
        color: 'text.secondary',
        fontSize: 12,
        display: 'flex',
        flexWrap: 'wrap',
        justifyContent: 'center',
        columnGap: 2,
        rowGap: 0.5,
      }}
      data-testid="footer"
    >
      {items.map((item, i) => (
        <span key={i}>{item}</span>
      ))}
    </Box>
  );
};
