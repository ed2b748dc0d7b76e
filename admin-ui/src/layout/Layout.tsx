import LockResetIcon from '@mui/icons-material/LockReset';
import LanguageIcon from '@mui/icons-material/Translate';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  ListItemIcon,
  ListItemText,
  Menu as MuiMenu,
  MenuItem,
} from '@mui/material';
import { forwardRef, useState, type ReactNode } from 'react';
import {
  AppBar,
  Form,
  HttpError,
  Layout as RaLayout,
  LoadingIndicator,
  Logout,
  Menu,
  PasswordInput,
  SaveButton,
  TitlePortal,
  UserMenu,
  useGetIdentity,
  useLocaleState,
  useLocales,
  useResourceDefinitions,
  useNotify,
  usePermissions,
  useTranslate,
  useUserMenu,
} from 'react-admin';
import { Box } from '@mui/material';
import DashboardIcon from '@mui/icons-material/Dashboard';
import AssignmentIcon from '@mui/icons-material/AssignmentTurnedIn';
import type { Role } from '../../../domain/roles';
import { useIsPhone } from '../common/responsive';
import { BrandTitle, Footer } from './Brand';
import { HOME_TITLE } from './home';
import type { FieldValues } from 'react-hook-form';
import { httpClient } from '../providers/http';
import { NotificationBell } from '../notifications';
import { OutboxSender } from '../field';

/** 修改密码: the API checks the current password and the rule, and ends the user's other sessions. */
const ChangePasswordItem = forwardRef<HTMLLIElement>(function ChangePasswordItem(props, ref) {
  const t = useTranslate();
  const notify = useNotify();
  const menu = useUserMenu();
  const [open, setOpen] = useState(false);
  const close = () => {
    setOpen(false);
    menu?.onClose();
  };
  const submit = async (values: FieldValues) => {
    if (values.newPassword !== values.confirm) return { confirm: t('account.mismatch') };
    try {
      await httpClient('/api/me/password', {
        method: 'POST',
        body: JSON.stringify({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
      });
      notify('account.changed', { type: 'success' });
      close();
    } catch (err) {
      const fields =
        err instanceof HttpError ? (err.body as { errors?: Record<string, string> })?.errors : undefined;
      if (fields) return fields;
      notify((err as Error).message, { type: 'error' });
    }
    return undefined;
  };
  return (
    <>
      <MenuItem ref={ref} {...props} onClick={() => setOpen(true)}>
        <ListItemIcon>
          <LockResetIcon fontSize="small" />
        </ListItemIcon>
        <ListItemText>{t('account.change_password')}</ListItemText>
      </MenuItem>
      <Dialog open={open} onClose={close} fullWidth maxWidth="xs">
        <Form onSubmit={submit} record={{}}>
          <DialogTitle>{t('account.change_password')}</DialogTitle>
          <DialogContent>
            <PasswordInput source="currentPassword" label="account.current" fullWidth />
            <PasswordInput source="newPassword" label="account.new" helperText="account.rule" fullWidth />
            <PasswordInput source="confirm" label="account.confirm" fullWidth />
          </DialogContent>
          <DialogActions>
            <Button onClick={close}>{t('ra.action.cancel')}</Button>
            <SaveButton label="ra.action.save" alwaysEnable />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
});

/** The button shows the user's name; its accessible name says the same and what it opens (WCAG 2.5.3). */
const DubanUserMenu = () => {
  const { identity } = useGetIdentity();
  const t = useTranslate();
  return (
    <UserMenu
      label={identity?.fullName ? t('account.menu', { name: identity.fullName }) : 'ra.auth.user_menu'}
    >
      <ChangePasswordItem />
      <Logout />
    </UserMenu>
  );
};

/** The language switch as an icon: on a phone the name of the language would push the page's title off the bar. */
const PhoneLocaleButton = () => {
  const t = useTranslate();
  const languages = useLocales();
  const [locale, setLocale] = useLocaleState();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <IconButton
        color="inherit"
        aria-label={t('account.language')}
        aria-haspopup="true"
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        <LanguageIcon />
      </IconButton>
      <MuiMenu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {languages.map((l) => (
          <MenuItem
            key={l.locale}
            selected={l.locale === locale}
            onClick={() => {
              setLocale(l.locale);
              setAnchor(null);
            }}
          >
            {l.name}
          </MenuItem>
        ))}
      </MuiMenu>
    </>
  );
};

/**
 * A record's name is often long (a hazard's title, an enterprise's full name): on a phone the title bar gives it two
 * lines instead of one cut after a few characters; a longer one ends in an ellipsis after the second line, and the
 * record page repeats it whole.
 */
const PHONE_TITLE = {
  whiteSpace: 'normal',
  display: '-webkit-box',
  WebkitLineClamp: 2,
  WebkitBoxOrient: 'vertical',
  lineHeight: 1.3,
  fontSize: '0.9375rem',
  overflowWrap: 'anywhere',
} as const;

/**
 * The authority's band: emblem, system name and authority on a desk; on a phone the page's own title takes the room
 * (the login page and the window title still name the system), beside the language as an icon and the reload button
 * (the light/dark switch stays on the desk).
 */
const DubanAppBar = () => {
  const phone = useIsPhone();
  return (
    <AppBar
      userMenu={<DubanUserMenu />}
      toolbar={
        phone ? (
          <>
            <PhoneLocaleButton />
            <LoadingIndicator />
          </>
        ) : undefined
      }
    >
      {!phone && (
        <Box sx={{ mr: 3 }}>
          <BrandTitle compact />
        </Box>
      )}
      <TitlePortal variant={phone ? 'subtitle1' : 'body1'} sx={phone ? PHONE_TITLE : { opacity: 0.9 }} />
      <NotificationBell />
    </AppBar>
  );
};

const DubanMenu = () => {
  const { permissions } = usePermissions<Role>();
  const t = useTranslate();
  const mine = permissions && HOME_TITLE[permissions] === 'tasks.my_title';
  const resources = useResourceDefinitions();
  return (
    <Menu>
      <Menu.DashboardItem
        primaryText={t(permissions ? HOME_TITLE[permissions] : 'dashboard.title')}
        leftIcon={mine ? <AssignmentIcon /> : <DashboardIcon />}
      />
      {Object.keys(resources)
        .filter((name) => resources[name]?.hasList)
        .map((name) =>
          // The enterprise's menu names its case list as the list's title does (我的隐患), not in supervisors' words.
          name === 'cases' && permissions === 'enterprise' ? (
            <Menu.ResourceItem key={name} name={name} primaryText={t('case.enterprise_list_title')} />
          ) : (
            <Menu.ResourceItem key={name} name={name} />
          ),
        )}
    </Menu>
  );
};

export const Layout = ({ children }: { children: ReactNode }) => (
  // react-admin's layout is min-width: fit-content, so one wide child widened the whole page. The content may shrink
  // below its widest child (a tab strip, a table): such children scroll inside themselves
  // instead of widening the page past a phone's screen (flex items do not shrink below min-content otherwise).
  <RaLayout
    appBar={DubanAppBar}
    menu={DubanMenu}
    sx={{ minWidth: 0, '& .RaLayout-content': { minWidth: 0 } }}
  >
    <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: 'calc(100vh - 64px)' }}>
      <OutboxSender />
      <Box sx={{ flex: 1 }}>{children}</Box>
      <Footer />
    </Box>
  </RaLayout>
);
