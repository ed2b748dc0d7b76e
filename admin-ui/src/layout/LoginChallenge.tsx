import { Box, Button, TextField } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';

/**
 * The slot under the password field for the login challenge: after repeated failed logins the API answers
 * CAPTCHA_REQUIRED (domain/login-throttle.ts) and this shows a 图形验证码 from GET /api/auth/captcha with a field for
 * its characters; their answer rides in the login body as `{ captchaId, captcha }`. A challenge is used by one
 * attempt, right or wrong, so every further refusal brings a new picture. Nothing is shown while the API asks for
 * nothing.
 */
export interface LoginChallengeProps {
  /** The error body of the last refused login (`{ error: { code }, errors }`), or undefined before any. */
  failure: unknown;
  onChange: (fields: Record<string, string>) => void;
}

interface Failure {
  error?: { code?: string };
  errors?: Record<string, string>;
}

export const LoginChallenge = ({ failure, onChange }: LoginChallengeProps) => {
  const t = useTranslate();
  const [picture, setPicture] = useState<{ id: string; image: string }>();
  const [answer, setAnswer] = useState('');
  const code = (failure as Failure | undefined)?.error?.code;
  const asked = code === 'CAPTCHA_REQUIRED' || (picture !== undefined && failure !== undefined);

  const load = useCallback(async () => {
    setAnswer('');
    onChange({});
    const res = await fetch('/api/auth/captcha', { credentials: 'include', cache: 'no-store' });
    if (res.ok) setPicture((await res.json()) as { id: string; image: string });
  }, [onChange]);

  // Each refusal used the challenge up: a new one for the next attempt.
  useEffect(() => {
    if (asked) void load();
  }, [failure]);

  if (!asked || !picture) return null;
  const error = (failure as Failure | undefined)?.errors?.captcha;
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', mt: 1 }}>
      <TextField
        id="captcha"
        name="captcha"
        label={t('login.captcha')}
        value={answer}
        onChange={(e) => {
          setAnswer(e.target.value);
          onChange({ captchaId: picture.id, captcha: e.target.value });
        }}
        error={!!error}
        helperText={error ?? t('login.captcha_hint')}
        autoComplete="off"
        required
        sx={{ flex: 1 }}
        slotProps={{ htmlInput: { maxLength: 16, autoCapitalize: 'off', spellCheck: false } }}
      />
      <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center' }}>
        <Box
          component="img"
          src={picture.image}
          alt={t('login.captcha_picture')}
          sx={{ width: 150, height: 50, border: 1, borderColor: 'divider', borderRadius: 1 }}
        />
        <Button size="small" onClick={() => void load()}>
          {t('login.captcha_refresh')}
        </Button>
      </Box>
    </Box>
  );
};
