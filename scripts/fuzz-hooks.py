"""Schemathesis hooks for scripts/fuzz-api.sh.

`error_envelope`: every 4xx the API answers must be the one error body of api/errors.ts (ErrorBody):
  {"error": {"code": <known code>, "message": <non-empty str>, "requestId": <str>}, "errors"?: {field: str}}
so clients (react-admin, other government systems) can rely on a single shape. Further top-level keys are
allowed as additions (e.g. the registry import's row report next to its 422 envelope). 5xx are failed by the built-in
not_a_server_error check.
"""

import schemathesis

# The ErrorCode union of domain/errors.ts: keep the two in step.
CODES = {
    "VALIDATION",
    "NOT_FOUND",
    "CONFLICT",
    "INVALID_TRANSITION",
    "FORBIDDEN",
    "UNAUTHENTICATED",
    "RATE_LIMITED",
    "CAPTCHA_REQUIRED",
    "BAD_REQUEST",
    "PAYLOAD_TOO_LARGE",
    "UNSUPPORTED_MEDIA_TYPE",
    "UNAVAILABLE",
}


@schemathesis.check
def error_envelope(ctx, response, case):
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except Exception as exc:  # noqa: BLE001 - any non-JSON body is the failure we report
        raise AssertionError(f"{response.status_code} body is not JSON: {response.text[:200]!r}") from exc
    if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
        raise AssertionError(f"{response.status_code} body lacks the error envelope: {str(body)[:200]}")
    err = body["error"]
    if err.get("code") not in CODES:
        raise AssertionError(f"{response.status_code} error.code {err.get('code')!r} is not one of {sorted(CODES)}")
    if not isinstance(err.get("message"), str) or not err["message"]:
        raise AssertionError(f"{response.status_code} error.message missing or empty")
    if not isinstance(err.get("requestId"), str):
        raise AssertionError(f"{response.status_code} error.requestId missing")
    fields = body.get("errors")
    if fields is not None and not (
        isinstance(fields, dict) and all(isinstance(v, str) for v in fields.values())
    ):
        raise AssertionError(f"{response.status_code} errors must map field names to messages: {fields!r}")
    return None
