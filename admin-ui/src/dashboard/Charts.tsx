import { Card, CardContent, CardHeader, Grid, useTheme } from '@mui/material';
import { useNavigate, useTranslate } from 'react-admin';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useIndustries } from '../industries/useIndustries';
import type { DashboardData } from './Dashboard';
import { casesLink } from './links';

/** Rows of a bar chart get this much height each, so every bar keeps its label (none is skipped). */
const ROW = 30;

const ChartCard = ({
  title,
  rows,
  children,
}: {
  title: string;
  rows?: number;
  children: React.ReactElement;
}) => (
  <Grid size={{ xs: 12, md: 4 }}>
    <Card>
      <CardHeader title={title} slotProps={{ title: { variant: 'h6', component: 'h2' } }} />
      <CardContent sx={{ height: rows ? Math.max(200, rows * ROW + 40) : 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </CardContent>
    </Card>
  </Grid>
);

/**
 * Open cases by region and by industry, and the overdue count over the last 30 days. Every bar carries its name and
 * its count, and a click on it opens the case list filtered to exactly those cases.
 */
export default function Charts({ data }: { data: DashboardData }) {
  const t = useTranslate();
  const theme = useTheme();
  const navigate = useNavigate();
  const color = theme.palette.primary.main;
  const tick = { fontSize: 12, fill: theme.palette.text.primary };
  const taxonomy = useIndustries();
  const industries = data.byIndustry.map((r) => ({ ...r, name: taxonomy.name(r.industryCategory) }));
  return (
    <>
      <ChartCard title={t('dashboard.by_region')} rows={data.byRegion.length}>
        <BarChart data={data.byRegion} layout="vertical" margin={{ left: 8, right: 32 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={tick} />
          <YAxis type="category" dataKey="name" width={96} interval={0} tick={tick} />
          <Tooltip />
          <Bar
            dataKey="count"
            name={t('dashboard.cases')}
            fill={color}
            cursor="pointer"
            onClick={(d: { payload?: { regionCode?: string } }) =>
              d.payload?.regionCode && navigate(casesLink({ regionCode: d.payload.regionCode, open: true }))
            }
          >
            <LabelList dataKey="count" position="right" style={tick} />
          </Bar>
        </BarChart>
      </ChartCard>
      <ChartCard title={t('dashboard.by_industry')} rows={industries.length}>
        <BarChart data={industries} layout="vertical" margin={{ left: 8, right: 32 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={tick} />
          <YAxis type="category" dataKey="name" width={96} interval={0} tick={tick} />
          <Tooltip />
          <Bar
            dataKey="count"
            name={t('dashboard.cases')}
            fill={theme.palette.secondary.main}
            cursor="pointer"
            onClick={(d: { payload?: { industryCategory?: string | null } }) =>
              d.payload?.industryCategory &&
              navigate(casesLink({ industryCategory: d.payload.industryCategory, open: true }))
            }
          >
            <LabelList dataKey="count" position="right" style={tick} />
          </Bar>
        </BarChart>
      </ChartCard>
      <ChartCard title={t('dashboard.overdue_series')}>
        <LineChart
          data={data.overdueSeries}
          margin={{ right: 16 }}
          onClick={() => navigate(casesLink({ overdue: true }))}
          style={{ cursor: 'pointer' }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(5)} tick={tick} minTickGap={16} />
          <YAxis allowDecimals={false} tick={tick} width={32} />
          <Tooltip />
          <Line dataKey="count" name={t('dashboard.overdue')} stroke={theme.palette.error.main} dot={false} />
        </LineChart>
      </ChartCard>
    </>
  );
}
