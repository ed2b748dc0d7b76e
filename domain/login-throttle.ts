/**
 * The login throttle's rules, as data. Every attempt is counted under three keys in a fixed window; a key over its
 * `challengeAfter` asks for a 图形验证码 (each solved challenge buys one more attempt), a key over its `refuseAfter`
 * refuses outright until the window ends. No rule locks an account for everyone: the account-wide rule only asks
 * for a challenge, which its owner can answer, and the hard limits bind an address (alone, or with one account).
 * Unknown and known usernames are counted alike, so the answers do not tell which accounts exist.
 */
export const LOGIN_WINDOW_MINUTES = 15;

export type ThrottleKeyKind = 'account' | 'accountAddress' | 'address';

export interface ThrottleRule {
  key: ThrottleKeyKind;
  /** Attempts in the window (this one included) allowed without a challenge; undefined: never challenged. */
  challengeAfter?: number;
  /** Attempts in the window (this one included) after which the key is refused even with a challenge. */
  refuseAfter?: number;
  why: string;
}

export const LOGIN_THROTTLE: readonly ThrottleRule[] = [
  {
    key: 'account',
    challengeAfter: 5,
    why: 'password guessing against one account: at most 5 unchallenged guesses per window, from all addresses',
  },
  {
    key: 'accountAddress',
    refuseAfter: 10,
    why: 'one address that keeps failing on one account, even solving challenges; others are not affected',
  },
  {
    key: 'address',
    challengeAfter: 20,
    refuseAfter: 100,
    why: 'password spraying: one address trying many accounts (a shared office address stays usable with a challenge)',
  },
];

/** Public reports (举报) per client address in their window. */
export const PUBLIC_REPORT_LIMIT = { max: 5, windowMinutes: 10 } as const;

export type ThrottleKeys = Record<ThrottleKeyKind, string>;

/** The counter keys of one attempt. The username is taken as typed: logins match it exactly. */
export function throttleKeys(username: string, address: string): ThrottleKeys {
  return {
    account: `login:acct:${username}`,
    accountAddress: `login:acct-addr:${username}\u0001${address}`,
    address: `login:addr:${address}`,
  };
}

export type ThrottleDecision = 'verify' | 'challenge' | 'refuse';

/** What to do with an attempt, given each key's count after counting it and whether a challenge was solved. */
export function decideAttempt(
  counts: Record<ThrottleKeyKind, number>,
  challengeSolved: boolean,
  rules: readonly ThrottleRule[] = LOGIN_THROTTLE,
): ThrottleDecision {
  if (rules.some((r) => r.refuseAfter !== undefined && counts[r.key] > r.refuseAfter)) return 'refuse';
  if (
    !challengeSolved &&
    rules.some((r) => r.challengeAfter !== undefined && counts[r.key] > r.challengeAfter)
  )
    return 'challenge';
  return 'verify';
}
