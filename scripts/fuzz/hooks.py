"""Schemathesis hooks for scripts/fuzz.sh.

A client sends a new Idempotency-Key for each new request; schemathesis draws short keys
that repeat across requests, which the API rightly answers with 422
idempotency_key_reused. A well-formed key is therefore made unique; a malformed one (the
negative cases) is sent as drawn.
"""
import re
import uuid

import schemathesis

WELL_FORMED = re.compile(r"^[\x21-\x7e]{1,255}$")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    for name in list(case.headers or {}):
        if name.lower() == "idempotency-key" and WELL_FORMED.match(str(case.headers[name])):
            case.headers[name] = str(uuid.uuid4())
