/**
 * The slot under the password field for a login challenge (图形验证码 after repeated failures; H13, issue 13). It
 * receives the last refused login's error body and hands the fields it adds to the login body through onChange
 * (e.g. `{ captchaId, captcha }`); the login page sends them with the username and password. Nothing is asked
 * while the API asks for nothing.
 */
export interface LoginChallengeProps {
  /** The error body of the last refused login (`{ error: { code }, errors }`), or undefined before any. */
  failure: unknown;
  onChange: (fields: Record<string, string>) => void;
}

export const LoginChallenge = (_props: LoginChallengeProps) => null;
