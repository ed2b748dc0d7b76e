import { HttpError, fetchUtils } from 'react-admin';

/** Every API call sends the session cookie; error bodies keep the API's envelope for forms and notifications. */
export const httpClient = async (url: string, options: fetchUtils.Options = {}) => {
  try {
    return await fetchUtils.fetchJson(url, { ...options, credentials: 'include' });
  } catch (err) {
    if (err instanceof HttpError) {
      const body = err.body as { error?: { message?: string }; errors?: Record<string, string> } | undefined;
      throw new HttpError(body?.error?.message ?? err.message, err.status, body);
    }
    throw err;
  }
};
