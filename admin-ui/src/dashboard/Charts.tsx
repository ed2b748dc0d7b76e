import { Card, CardContent, CardHeader, Grid, useTheme } from '@mui/material';
import { useTranslate } from 'react-admin';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { INDUSTRIES } from '../../../domain/registry';
import type { DashboardData } from './Dashboard';

const industryName = (code: string | null) => INDUSTRIES.find((i) => i.code === code)?.name ?? code ?? '—';

const ChartCard = ({ title, children }: { title: string; children: React.ReactElement }) => (
  <Grid size={{ xs: 12, md: 4 }}>
    <Card>
      <CardHeader title={title} />
      <CardContent sx={{ height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </CardContent>
    </Card>
  </Grid>
);

/** Cases by region and by industry, and the overdue count over the last 30 days. */
export default function Charts({ data }: { data: DashboardData }) {
  const t = useTranslate();
  const theme = useTheme();
  const color = theme.palette.primary.main;
  return (
    <>
      <ChartCard title={t('dashboard.by_region')}>
        <BarChart data={data.byRegion} layout="vertical" margin={{ left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={80} />
          <Tooltip />
          <Bar dataKey="count" name={t('dashboard.cases')} fill={color} />
        </BarChart>
      </ChartCard>
      <ChartCard title={t('dashboard.by_industry')}>
        <BarChart data={data.byIndustry.map((r) => ({ ...r, name: industryName(r.industryCategory) }))}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" name={t('dashboard.cases')} fill={theme.palette.secondary.main} />
        </BarChart>
      </ChartCard>
      <ChartCard title={t('dashboard.overdue_series')}>
        <LineChart data={data.overdueSeries}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(5)} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Line dataKey="count" name={t('dashboard.overdue')} stroke={theme.palette.error.main} dot={false} />
        </LineChart>
      </ChartCard>
    </>
  );
}
