import {
  Box,
  Card,
  CardActionArea,
  Checkbox,
  Chip,
  Divider,
  List as MuiList,
  ListItem,
  ListItemButton,
  ListItemText,
  Skeleton,
  Stack,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import {
  Link,
  ListNoResults,
  useListContext,
  useLocaleState,
  useTranslate,
  type Identifier,
} from 'react-admin';
import { DeadlineCountdown, formatShanghai } from '../cases/CaseFields';
import { caseNo } from '../common/format';

export interface TaskRecord {
  id: string;
  caseId: string;
  kind: string;
  title: string;
  assigneeRole: string;
  dueAt: string | null;
  status: string;
  caseNo?: number;
  caseTitle?: string;
  enterpriseName?: string | null;
  assigneeName?: string | null;
  assigneeUnit?: string | null;
}

/** Who must act: the person and their unit ("陈静 · 武汉某某机械有限公司"), or the role where nobody is named yet. */
export function useAssignee() {
  const t = useTranslate();
  return (r: Pick<TaskRecord, 'assigneeName' | 'assigneeUnit' | 'assigneeRole'>) => {
    const role = t(`role.${r.assigneeRole}`, { _: r.assigneeRole });
    if (r.assigneeName) return [r.assigneeName, r.assigneeUnit].filter(Boolean).join(' · ');
    // A task for whoever holds a role in a unit (the district's supervisors): the unit, and the role in it.
    if (r.assigneeUnit && r.assigneeRole !== 'enterprise') return `${r.assigneeUnit}（${role}）`;
    return r.assigneeUnit ?? role;
  };
}

/**
 * A task's name: the workflow stores it in Chinese (提交整改方案); in English a task that is a case action is named by
 * the action's own English title, and one that carries its reason (an escalation's) keeps the stored text.
 */
export function useTaskTitle() {
  const t = useTranslate();
  const [locale] = useLocaleState();
  return (r: Pick<TaskRecord, 'kind' | 'title'>) =>
    locale === 'zh' ? r.title : t(`actions.${r.kind}.title`, { _: r.title });
}

interface Group {
  caseId: string;
  caseNo?: number;
  caseTitle?: string;
  enterpriseName?: string | null;
  tasks: TaskRecord[];
}

/** The page's tasks under their cases, the cases in the order of their most urgent task (the list's own sort). */
function byCase(tasks: readonly TaskRecord[]): Group[] {
  const groups = new Map<string, Group>();
  for (const task of tasks) {
    let g = groups.get(task.caseId);
    if (!g) {
      g = {
        caseId: task.caseId,
        caseNo: task.caseNo,
        caseTitle: task.caseTitle,
        enterpriseName: task.enterpriseName,
        tasks: [],
      };
      groups.set(task.caseId, g);
    }
    g.tasks.push(task);
  }
  return [...groups.values()];
}

/**
 * Tasks grouped by case: a case's number, hazard and enterprise once, then what must be done on it, by whom and by
 * when, overdue ones flagged. The same layout serves a desk and a 390 px phone. With `selectable`, each task (and a
 * whole case's) can be ticked for the list's bulk actions.
 */
export const TasksByCase = ({
  selectable = false,
  bulkActions,
}: {
  selectable?: boolean;
  bulkActions?: ReactNode;
}) => {
  const t = useTranslate();
  const assignee = useAssignee();
  const taskTitle = useTaskTitle();
  const { data, isPending, selectedIds = [], onToggleItem, onSelect } = useListContext<TaskRecord>();
  if (isPending)
    return (
      <Stack spacing={1.5} sx={{ p: 1 }}>
        {[0, 1].map((i) => (
          <Skeleton key={i} variant="rounded" height={120} />
        ))}
      </Stack>
    );
  if (!data?.length) return <ListNoResults />;
  const selected = new Set<Identifier>(selectedIds);
  const toggleGroup = (g: Group, on: boolean) => {
    const ids = g.tasks.map((x) => x.id);
    onSelect(
      on ? [...new Set([...selectedIds, ...ids])] : selectedIds.filter((id) => !ids.includes(String(id))),
    );
  };
  return (
    <Box sx={{ p: { xs: 0.5, sm: 1 } }}>
      {selectable && (
        <Box
          sx={{
            display: 'flex',
            alignItems: 'center',
            flexWrap: 'wrap',
            gap: 1,
            mb: 1,
            pr: 1,
            minHeight: 48,
            bgcolor: selectedIds.length ? 'action.selected' : undefined,
            borderRadius: 1,
          }}
          data-testid="bulk-actions"
        >
          <Checkbox
            checked={data.every((x) => selected.has(x.id))}
            indeterminate={selectedIds.length > 0 && !data.every((x) => selected.has(x.id))}
            onChange={(e) => onSelect(e.target.checked ? data.map((x) => x.id) : [])}
            slotProps={{ input: { 'aria-label': t('tasks.select_page') } }}
          />
          <Typography variant="body2" sx={{ mr: 'auto' }}>
            {selectedIds.length
              ? t('ra.action.bulk_actions', { smart_count: selectedIds.length })
              : t('tasks.select_page')}
          </Typography>
          {selectedIds.length > 0 && bulkActions}
        </Box>
      )}
      <Stack spacing={1.5} component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }} data-testid="tasks-by-case">
        {byCase(data).map((g) => {
          const all = g.tasks.every((x) => selected.has(x.id));
          const some = g.tasks.some((x) => selected.has(x.id));
          return (
            <Card variant="outlined" component="li" key={g.caseId} data-case-id={g.caseId}>
              <Box sx={{ display: 'flex', alignItems: 'stretch' }}>
                {selectable && (
                  <Checkbox
                    checked={all}
                    indeterminate={some && !all}
                    onChange={(e) => toggleGroup(g, e.target.checked)}
                    slotProps={{
                      input: { 'aria-label': t('tasks.select_case', { caseNo: caseNo(g.caseNo) }) },
                    }}
                    sx={{ alignSelf: 'center' }}
                  />
                )}
                <CardActionArea
                  component={Link}
                  to={`/cases/${g.caseId}/show`}
                  sx={{ px: selectable ? 0.5 : 2, py: 1 }}
                >
                  <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
                    {caseNo(g.caseNo)}
                    {g.enterpriseName ? ` · ${g.enterpriseName}` : ''}
                  </Typography>
                  <Typography variant="subtitle1" component="div" sx={{ fontWeight: 500, lineHeight: 1.35 }}>
                    {g.caseTitle}
                  </Typography>
                </CardActionArea>
              </Box>
              <Divider />
              <MuiList dense disablePadding>
                {g.tasks.map((task) => {
                  const overdue =
                    task.status === 'open' && !!task.dueAt && new Date(task.dueAt).getTime() < Date.now();
                  return (
                    <ListItem
                      key={task.id}
                      disablePadding
                      secondaryAction={undefined}
                      sx={overdue ? { borderLeft: 3, borderColor: 'error.main' } : undefined}
                      data-task-id={task.id}
                    >
                      {selectable && (
                        <Checkbox
                          checked={selected.has(task.id)}
                          onChange={() => onToggleItem(task.id)}
                          slotProps={{
                            input: { 'aria-label': t('tasks.select_task', { title: taskTitle(task) }) },
                          }}
                        />
                      )}
                      <ListItemButton component={Link} to={`/cases/${task.caseId}/show`} sx={{ py: 0.75 }}>
                        <ListItemText
                          primary={
                            <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
                              <span>{taskTitle(task)}</span>
                              {task.status !== 'open' && (
                                <Chip
                                  size="small"
                                  variant="outlined"
                                  label={t(`task_status.${task.status}`)}
                                />
                              )}
                            </Box>
                          }
                          secondary={
                            <Box
                              component="span"
                              sx={{
                                display: 'flex',
                                flexWrap: 'wrap',
                                columnGap: 1.5,
                                rowGap: 0.25,
                                alignItems: 'center',
                              }}
                            >
                              <span>
                                {t('tasks.who')}：{assignee(task)}
                              </span>
                              {task.dueAt && (
                                <span style={{ whiteSpace: 'nowrap' }}>
                                  {t('tasks.due')}：{formatShanghai(task.dueAt, false)}{' '}
                                  {task.status === 'open' && <DeadlineCountdown deadline={task.dueAt} />}
                                </span>
                              )}
                            </Box>
                          }
                          slotProps={{ secondary: { component: 'div' } }}
                        />
                      </ListItemButton>
                    </ListItem>
                  );
                })}
              </MuiList>
            </Card>
          );
        })}
      </Stack>
    </Box>
  );
};
