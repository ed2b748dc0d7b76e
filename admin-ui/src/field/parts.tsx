import AddAPhotoIcon from '@mui/icons-material/AddAPhoto';
import CloseIcon from '@mui/icons-material/Close';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import MyLocationIcon from '@mui/icons-material/MyLocation';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  FormHelperText,
  IconButton,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { Link, Title, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import {
  discardItem,
  flushOutbox,
  onOutboxChange,
  outboxItems,
  type OutboxItem,
  type OutboxPhoto,
} from './outbox';

/** Touch targets on site: at least 48 px high, full width on a phone. */
export const bigButton = { minHeight: 48, fontSize: '1rem' } as const;

/** The on-site page's frame: a heading, a way back, and the content in one column that fits 390 px. */
export const FieldPage = ({ title, children }: { title: string; children: ReactNode }) => {
  const t = useTranslate();
  const navigate = useNavigate();
  return (
    <Box sx={{ maxWidth: 640, mx: 'auto', mt: { xs: 1, sm: 2 }, pb: 4 }}>
      <Title title={title} />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Button onClick={() => navigate(-1)} sx={{ minHeight: 44 }}>
          {t('field.back')}
        </Button>
        <Typography component="h1" variant="h6">
          {t(title)}
        </Typography>
      </Box>
      <PendingBanner />
      {children}
    </Box>
  );
};

/** The outbox's items, re-read whenever it changes; sends them when the network returns and when the page starts. */
export function useOutbox() {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const notify = useNotify();
  const reload = useCallback(() => {
    outboxItems().then(setItems, () => setItems([]));
  }, []);
  const flush = useCallback(async () => {
    const sent = await flushOutbox();
    if (sent > 0) notify('field.sent_pending', { type: 'success', messageArgs: { smart_count: sent } });
  }, [notify]);
  useEffect(() => {
    reload();
    const off = onOutboxChange(reload);
    return () => {
      off();
    };
  }, [reload]);
  return { items, flush };
}

/** Starts sending the outbox on start and whenever the browser says the network is back (mounted once, in the layout). */
export const OutboxSender = () => {
  const { flush } = useOutbox();
  useEffect(() => {
    void flush();
    const online = () => void flush();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [flush]);
  return null;
};

function useOnline() {
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** 待发送: how many records wait on the phone, which the server refused and why, and a way to send them now. */
export const PendingBanner = () => {
  const t = useTranslate();
  const { items, flush } = useOutbox();
  const online = useOnline();
  if (!items.length && online) return null;
  return (
    <Alert
      severity={items.some((i) => i.refused) ? 'error' : 'warning'}
      icon={<CloudOffIcon />}
      sx={{ mb: 1 }}
      data-testid="outbox"
      role="status"
    >
      {!online && <Typography sx={{ fontWeight: 600 }}>{t('field.offline')}</Typography>}
      {items.length > 0 && (
        <>
          <Typography data-testid="outbox-count">
            {t('field.pending', { smart_count: items.length })}
          </Typography>
          <Typography variant="body2">{t('field.pending_hint')}</Typography>
          <Box component="ul" sx={{ pl: 2, my: 0.5 }}>
            {items.map((i) => (
              <li key={i.id}>
                <Typography variant="body2">{i.label}</Typography>
                {i.refused && (
                  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
                    <Typography variant="body2" color="error">
                      {t('field.pending_refused', { message: i.refused.message })}
                    </Typography>
                    <Button
                      size="small"
                      color="error"
                      onClick={() => {
                        if (window.confirm(t('field.discard_confirm'))) void discardItem(i.id);
                      }}
                    >
                      {t('field.discard')}
                    </Button>
                  </Box>
                )}
              </li>
            ))}
          </Box>
          {online && (
            <Button variant="outlined" color="inherit" onClick={() => void flush()} sx={{ minHeight: 44 }}>
              {t('field.send_now')}
            </Button>
          )}
        </>
      )}
    </Alert>
  );
};

/**
 * 拍照: the phone's camera (`capture="environment"`, the back camera), several photos, each previewed with a way to
 * remove it. The photos stay in memory until the form is kept in the outbox with them.
 */
export const PhotoInput = ({
  label,
  photos,
  onChange,
  error,
}: {
  label: string;
  photos: OutboxPhoto[];
  onChange: (photos: OutboxPhoto[]) => void;
  error?: string;
}) => {
  const t = useTranslate();
  const id = useId();
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p.blob)), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  return (
    <Box sx={{ my: 2 }}>
      <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {t(label)}
      </Typography>
      {photos.length > 0 && (
        <Box
          sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 1, mb: 1 }}
          data-testid="photo-previews"
        >
          {photos.map((p, i) => (
            <Box key={urls[i]} sx={{ position: 'relative' }}>
              <Box
                component="img"
                src={urls[i]}
                alt={t('field.photo_alt', { n: i + 1 })}
                sx={{
                  width: '100%',
                  aspectRatio: '1',
                  objectFit: 'cover',
                  borderRadius: 1,
                  display: 'block',
                }}
              />
              <IconButton
                aria-label={t('field.remove_photo', { n: i + 1 })}
                onClick={() => onChange(photos.filter((_, j) => j !== i))}
                sx={{
                  position: 'absolute',
                  top: 2,
                  right: 2,
                  bgcolor: 'rgba(0,0,0,0.6)',
                  color: '#fff',
                  '&:hover': { bgcolor: 'rgba(0,0,0,0.75)' },
                }}
              >
                <CloseIcon />
              </IconButton>
            </Box>
          ))}
        </Box>
      )}
      <Button
        component="label"
        htmlFor={id}
        variant="outlined"
        fullWidth
        startIcon={<AddAPhotoIcon />}
        sx={bigButton}
      >
        {t(photos.length ? 'field.add_photo' : 'field.take_photo')}
      </Button>
      <input
        id={id}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        aria-label={t(label)}
        data-testid="photo-input"
        style={{ position: 'absolute', width: 1, height: 1, opacity: 0, overflow: 'hidden' }}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length)
            onChange([
              ...photos,
              ...files.map((f) => ({ name: f.name || 'photo.jpg', type: f.type, blob: f })),
            ]);
        }}
      />
      {error && <FormHelperText error>{error}</FormHelperText>}
    </Box>
  );
};

export type GpsState =
  | { state: 'idle' | 'locating' | 'denied' | 'unsupported' }
  | { state: 'unavailable'; reason: string }
  | { state: 'ok'; lat: number; lng: number; accuracy: number };

/** navigator.geolocation, asked once when the form opens and again on request; a refusal is said plainly. */
export function useGps() {
  const [gps, setGps] = useState<GpsState>({ state: 'idle' });
  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) return setGps({ state: 'unsupported' });
    setGps({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (p) =>
        setGps({
          state: 'ok',
          lat: Math.round(p.coords.latitude * 1e6) / 1e6,
          lng: Math.round(p.coords.longitude * 1e6) / 1e6,
          accuracy: p.coords.accuracy,
        }),
      (e) =>
        setGps(
          e.code === e.PERMISSION_DENIED ? { state: 'denied' } : { state: 'unavailable', reason: e.message },
        ),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }, []);
  useEffect(() => locate(), [locate]);
  const coords = gps.state === 'ok' ? { lat: gps.lat, lng: gps.lng } : {};
  return { gps, locate, coords };
}

export const GpsField = ({ gps, locate }: { gps: GpsState; locate: () => void }) => {
  const t = useTranslate();
  return (
    <Card variant="outlined" sx={{ my: 2 }}>
      <CardHeader
        title={t('field.gps')}
        slotProps={{ title: { component: 'h2', variant: 'subtitle1', sx: { fontWeight: 600 } } }}
        sx={{ pb: 0 }}
      />
      <CardContent data-testid="gps">
        {gps.state === 'ok' && (
          <Typography color="success.dark">
            {t('field.gps_ok', { lat: gps.lat, lng: gps.lng, acc: Math.round(gps.accuracy) })}
          </Typography>
        )}
        {gps.state === 'locating' && <Typography>{t('field.gps_locating')}</Typography>}
        {gps.state === 'denied' && (
          <Alert severity="warning" role="alert">
            {t('field.gps_denied')}
          </Alert>
        )}
        {gps.state === 'unavailable' && (
          <Alert severity="warning" role="alert">
            {t('field.gps_unavailable', { reason: gps.reason })}
          </Alert>
        )}
        {gps.state === 'unsupported' && <Alert severity="info">{t('field.gps_unsupported')}</Alert>}
        {gps.state !== 'ok' && gps.state !== 'locating' && (
          <Button
            variant="outlined"
            startIcon={<MyLocationIcon />}
            onClick={locate}
            fullWidth
            sx={{ ...bigButton, mt: 1 }}
          >
            {t('field.gps_locate')}
          </Button>
        )}
      </CardContent>
    </Card>
  );
};

/** A big link button (a card's action on the home page). */
export const LinkButton = ({
  to,
  children,
  variant = 'contained',
}: {
  to: string;
  children: ReactNode;
  variant?: 'contained' | 'outlined';
}) => (
  <Button component={Link} to={to} variant={variant} sx={bigButton}>
    {children}
  </Button>
);
