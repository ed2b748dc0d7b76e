import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useState, type FormEvent } from 'react';
import { HttpError, LocalesMenuButton, useCheckAuth, useLogin, useNavigate, useTranslate } from 'react-admin';
import { BrandTitle, Footer } from './Brand';
import { LoginChallenge } from './LoginChallenge';
import { BRAND_NAVY, BRAND_RED } from './theme';

/**
 * The login page in the deployment's style: the authority's band with emblem, system name and authority, one card
 * with the form, the 备案 footer. It loads with the console's first script and asks the server nothing but the
 * session, so a cold visit paints in well under a second.
 */
export const LoginPage = () => {
  const t = useTranslate();
  const login = useLogin();
  const checkAuth = useCheckAuth();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  // Someone already logged in (a second tab, a bookmark of /login) goes straight to their home page.
  useEffect(() => {
    checkAuth({}, false)
      .then(() => navigate('/'))
      .catch(() => undefined);
  }, [checkAuth, navigate]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = {
      ...(username.trim() ? {} : { username: t('login.username_required') }),
      ...(password ? {} : { password: t('login.password_required') }),
    };
    setFieldErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    setMessage(undefined);
    try {
      await login({ username: username.trim(), password, ...challenge });
    } catch (err) {
      const body = err instanceof HttpError ? err.body : undefined;
      setFailure(body);
      setFieldErrors((body as { errors?: Record<string, string> } | undefined)?.errors ?? {});
      setMessage(err instanceof HttpError ? err.message : t('login.network_error'));
      setBusy(false);
    }
  };

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
      <Box
        component="header"
        sx={{
          bgcolor: BRAND_NAVY,
          color: '#fff',
          borderBottom: `4px solid ${BRAND_RED}`,
          px: { xs: 2, sm: 4 },
          py: { xs: 2, sm: 3 },
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 1,
        }}
      >
        <BrandTitle as="h1" />
        <Box sx={{ color: '#fff', flexShrink: 0 }}>
          <LocalesMenuButton />
        </Box>
      </Box>
      <Box
        component="main"
        sx={{
          flex: 1,
          display: 'flex',
          alignItems: { xs: 'flex-start', sm: 'center' },
          justifyContent: 'center',
          p: 2,
        }}
      >
        <Card sx={{ width: 380, maxWidth: '100%', mt: { xs: 2, sm: 0 } }} elevation={3}>
          <CardContent sx={{ p: { xs: 2.5, sm: 4 } }}>
            <Typography variant="h6" component="h2" gutterBottom>
              {t('login.title')}
            </Typography>
            <Box
              component="form"
              onSubmit={submit}
              noValidate
              aria-describedby={message ? 'login-error' : undefined}
            >
              <TextField
                id="username"
                name="username"
                label={t('login.username')}
                autoComplete="username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                error={!!fieldErrors.username}
                helperText={fieldErrors.username}
                required
                fullWidth
                margin="normal"
                autoFocus
              />
              <TextField
                id="password"
                name="password"
                type="password"
                label={t('login.password')}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={!!fieldErrors.password}
                helperText={fieldErrors.password}
                required
                fullWidth
                margin="normal"
              />
              <LoginChallenge failure={failure} onChange={setChallenge} />
              {message && (
                <Alert severity="error" id="login-error" sx={{ mt: 1 }} role="alert">
                  {message}
                </Alert>
              )}
              <Button
                type="submit"
                variant="contained"
                size="large"
                fullWidth
                disabled={busy}
                sx={{ mt: 2 }}
                startIcon={busy ? <CircularProgress size={18} color="inherit" /> : undefined}
              >
                {t('login.submit')}
              </Button>
            </Box>
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 2 }}>
              {t('login.help')}
            </Typography>
          </CardContent>
        </Card>
      </Box>
      <Footer />
    </Box>
  );
};
