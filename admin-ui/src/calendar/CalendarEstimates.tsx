import { Alert, AlertTitle, Button, Stack } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, usePermissions, useTranslate } from 'react-admin';
import type { Role } from '../../../domain/roles';
import { httpClient } from '../providers/http';

interface Estimate {
  year: number | null;
  cases: number;
}

/**
 * The administrator's calendar task (待补录): each year running cases' deadlines were estimated for, with a link to
 * enter it. It disappears once the year is entered and the cases have recomputed. Other roles see nothing here:
 * on a case they see only the neutral mark 期限按周末规则估算.
 */
export const CalendarEstimates = () => {
  const t = useTranslate();
  const { permissions } = usePermissions<Role>();
  const { data } = useQuery({
    queryKey: ['calendar-years', 'estimates'],
    enabled: permissions === 'admin',
    queryFn: async () => (await httpClient('/api/calendar-years/estimates')).json as Estimate[],
  });
  if (permissions !== 'admin' || !data?.length) return null;
  return (
    <Stack spacing={1} sx={{ mb: 2 }} data-testid="calendar-estimates">
      {data.map((e) => (
        <Alert
          key={e.year ?? 'unknown'}
          severity="warning"
          action={
            e.year !== null ? (
              <Button
                component={Link}
                to={`/calendar-years/create?source=${encodeURIComponent(JSON.stringify({ year: e.year, holidays: [] }))}`}
                color="inherit"
                size="small"
              >
                {t('calendar.task.enter', { year: e.year })}
              </Button>
            ) : undefined
          }
        >
          <AlertTitle>{t('calendar.task.title')}</AlertTitle>
          {e.year !== null
            ? t('calendar.task.year', { year: e.year, count: e.cases })
            : t('calendar.task.unknown_year', { count: e.cases })}
        </Alert>
      ))}
    </Stack>
  );
};
