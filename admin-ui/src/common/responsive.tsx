import {
  Box,
  Button,
  Card,
  CardActionArea,
  CardContent,
  Checkbox,
  Dialog,
  Skeleton,
  Stack,
  Typography,
  useMediaQuery,
  type DialogProps,
  type Theme,
} from '@mui/material';
import type { ReactNode } from 'react';
import {
  DataTable,
  Link,
  ListNoResults,
  RecordContextProvider,
  useCreatePath,
  useListContext,
  useResourceContext,
  useTranslate,
  type DataTableProps,
  type RaRecord,
} from 'react-admin';

/**
 * Pages used on site (enterprises, experts, grid members) and the supervisors' home, case list and case page must
 * work on a 390×844 phone. These are the pieces that make a page do so; every resource folder uses them.
 */

/** True below MUI's `sm` breakpoint (600 px): a phone held upright. */
export const useIsPhone = () =>
  useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });

/** How a record reads as a card on a phone: a title line, a line of badges, then short label-less lines. */
export interface CardSpec<R extends RaRecord> {
  title: (r: R) => ReactNode;
  /** Chips or a short status, shown under the title. */
  badges?: (r: R) => ReactNode;
  /** Further lines (enterprise, deadline...), each already worded; empty ones are left out. */
  lines?: (r: R) => ReactNode[];
  /** A small line above the title (a case number, a date). */
  overline?: (r: R) => ReactNode;
}

type RowClick = DataTableProps['rowClick'];

function target(
  rowClick: RowClick,
  r: RaRecord,
  resource: string,
  createPath: ReturnType<typeof useCreatePath>,
) {
  if (typeof rowClick === 'function') {
    const to = rowClick(r.id, resource, r);
    return typeof to === 'string' ? to : undefined;
  }
  if (rowClick === 'show' || rowClick === 'edit') return createPath({ resource, id: r.id, type: rowClick });
  return undefined;
}

/** The records of the surrounding list (List, ListBase, ReferenceManyField) as cards: one per record. */
export function CardList<R extends RaRecord>({
  card,
  rowClick,
  empty,
}: {
  card: CardSpec<R>;
  rowClick?: RowClick;
  empty?: ReactNode;
}) {
  const { data, isPending } = useListContext<R>();
  const resource = useResourceContext() ?? '';
  const createPath = useCreatePath();
  if (isPending)
    return (
      <Stack spacing={1} sx={{ p: 1 }}>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} variant="rounded" height={88} />
        ))}
      </Stack>
    );
  if (!data?.length) return <>{empty ?? <ListNoResults />}</>;
  return (
    <Stack
      spacing={1}
      sx={{ p: 1 }}
      component="ul"
      style={{ listStyle: 'none', margin: 0 }}
      data-testid="card-list"
    >
      {data.map((r) => {
        const to = target(rowClick, r, resource, createPath);
        const body = (
          <CardContent sx={{ py: 1.25, '&:last-child': { pb: 1.25 } }}>
            {card.overline && (
              <Typography
                variant="caption"
                color="text.secondary"
                component="div"
                sx={{ whiteSpace: 'nowrap' }}
              >
                {card.overline(r)}
              </Typography>
            )}
            <Typography variant="subtitle1" component="div" sx={{ fontWeight: 500, lineHeight: 1.35 }}>
              {card.title(r)}
            </Typography>
            {card.badges && (
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, my: 0.5 }}>{card.badges(r)}</Box>
            )}
            {(card.lines?.(r) ?? [])
              .filter((l) => l !== null && l !== undefined && l !== false && l !== '')
              .map((l, i) => (
                <Typography key={i} variant="body2" color="text.secondary" component="div">
                  {l}
                </Typography>
              ))}
          </CardContent>
        );
        return (
          <RecordContextProvider value={r} key={String(r.id)}>
            <Card variant="outlined" component="li">
              {to ? (
                <CardActionArea component={Link} to={to}>
                  {body}
                </CardActionArea>
              ) : (
                body
              )}
            </Card>
          </RecordContextProvider>
        );
      })}
    </Stack>
  );
}

/** The row checkbox: its accessible name is on the input and names the record (react-admin's puts it on a span). */
const SelectRow = ({ record, name }: { record: RaRecord; name?: (r: RaRecord) => string }) => {
  const t = useTranslate();
  const { selectedIds = [], onToggleItem } = useListContext();
  return (
    <Checkbox
      checked={selectedIds.includes(record.id)}
      onClick={(e) => e.stopPropagation()}
      onChange={() => onToggleItem(record.id)}
      slotProps={{
        input: {
          'aria-label': name ? t('common.select_named', { name: name(record) }) : t('ra.action.select_row'),
        },
      }}
      sx={{ p: 0.5 }}
    />
  );
};

const SelectPage = () => {
  const t = useTranslate();
  const { data = [], selectedIds = [], onSelect } = useListContext();
  const all = data.length > 0 && data.every((r) => selectedIds.includes(r.id));
  return (
    <Checkbox
      checked={all}
      indeterminate={selectedIds.length > 0 && !all}
      onChange={(e) => onSelect(e.target.checked ? data.map((r) => r.id) : [])}
      slotProps={{ input: { 'aria-label': t('ra.action.select_all') } }}
      sx={{ p: 0.5 }}
    />
  );
};

/** What the selected rows can be given to: the count, the actions, and a way to clear the selection. */
export const BulkBar = ({ children }: { children: ReactNode }) => {
  const t = useTranslate();
  const { selectedIds = [], onUnselectItems } = useListContext();
  if (!selectedIds.length) return null;
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'center',
        flexWrap: 'wrap',
        gap: 1,
        px: 2,
        py: 0.5,
        bgcolor: 'action.selected',
      }}
      data-testid="bulk-actions"
    >
      <Typography variant="body2" sx={{ mr: 'auto' }}>
        {t('ra.action.bulk_actions', { smart_count: selectedIds.length })}
      </Typography>
      {children}
      <Button size="small" onClick={() => onUnselectItems()}>
        {t('common.clear_selection')}
      </Button>
    </Box>
  );
};

/**
 * A DataTable on a desk, cards on a phone: columns squeezed to 390 px read one character a line. Bulk selection is
 * a desk job and is offered in the table only, with checkboxes labelled for screen readers (`selectName` names the
 * row) and the bulk actions above the table.
 */
export function ResponsiveDataTable<R extends RaRecord>({
  card,
  bulkActionButtons,
  selectName,
  children,
  ...props
}: DataTableProps<R> & { card: CardSpec<R>; selectName?: (r: R) => string }) {
  const phone = useIsPhone();
  if (phone) return <CardList card={card} rowClick={props.rowClick as RowClick} empty={props.empty} />;
  const bulk = bulkActionButtons !== false && bulkActionButtons !== undefined && bulkActionButtons !== true;
  return (
    <>
      {bulk && <BulkBar>{bulkActionButtons}</BulkBar>}
      <DataTable {...props} bulkActionButtons={false}>
        {bulk && (
          <DataTable.Col
            source="__select"
            label={<SelectPage />}
            disableSort
            render={(r: R) => (
              <SelectRow record={r} name={selectName as ((r: RaRecord) => string) | undefined} />
            )}
            sx={{ width: 40, px: 0.5 }}
          />
        )}
        {children}
      </DataTable>
    </>
  );
}

/** A dialog that fills a phone's screen, so its fields fit and its buttons stay in reach above the keyboard. */
export const ResponsiveDialog = ({ children, ...props }: DialogProps) => {
  const phone = useIsPhone();
  return (
    <Dialog
      fullWidth
      {...props}
      fullScreen={phone || props.fullScreen}
      slotProps={{
        ...props.slotProps,
        // A form inside the dialog scrolls its fields while its actions stay at the bottom, on a phone and a desk.
        paper: { sx: { '& > form': { display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 } } },
      }}
    >
      {children}
    </Dialog>
  );
};
