import LockResetIcon from '@mui/icons-material/LockReset';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  ListItemIcon,
  ListItemText,
  MenuItem,
} from '@mui/material';
import { forwardRef, useState, type ReactNode } from 'react';
import {
  AppBar,
  Form,
  HttpError,
  Layout as RaLayout,
  Logout,
  PasswordInput,
  SaveButton,
  UserMenu,
  useNotify,
  useTranslate,
  useUserMenu,
} from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { httpClient } from '../providers/http';

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

const DubanUserMenu = () => (
  <UserMenu>
    <ChangePasswordItem />
    <Logout />
  </UserMenu>
);

const DubanAppBar = () => <AppBar userMenu={<DubanUserMenu />} />;

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={DubanAppBar}>{children}</RaLayout>
);
