import type { Context } from 'hono';
import proxyaddr from 'proxy-addr';

/** Who may tell us the client's address: the TRUSTED_PROXIES of the configuration, compiled once. */
export type ProxyTrust = (addr: string, i: number) => boolean;

export function compileTrust(proxies: readonly string[]): ProxyTrust {
  return proxyaddr.compile([...proxies]);
}

/**
 * The client's address: the connecting socket's, unless that is a trusted proxy, in which case X-Forwarded-For is
 * walked from the right past trusted proxies only (proxy-addr, as Express does). A client that writes its own
 * X-Forwarded-For to a server no trusted proxy fronts changes nothing. 'unknown' when no socket is attached (a
 * request built in process, as tests do).
 */
export function clientAddress(c: Context, trust: ProxyTrust): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const remoteAddress = incoming?.socket?.remoteAddress;
  if (!remoteAddress) return 'unknown';
  const forwarded = c.req.header('x-forwarded-for');
  return proxyaddr(
    {
      socket: { remoteAddress },
      headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
    } as unknown as Parameters<typeof proxyaddr>[0],
    trust,
  );
}
