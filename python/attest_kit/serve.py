"""The one entry point of a kit kernel: `serve(attention, capabilities)`.

    COMMAND --capabilities              prints the capabilities JSON, exit 0
    COMMAND REQUEST.h5 RESPONSE.h5      runs `attention` on every call of the request, exit 0

A call the kernel function cannot take is answered per call, never through the exit status (which speaks for
the whole batch): `raise NotSupported(reason)` gives a `not_supported` group, any other exception an `error`
group whose message is the exception (its traceback goes to stderr). The exit status is 2 for a usage error
and 1 when the request file cannot be read or the response file cannot be written.
"""
import sys
import traceback

import h5py

from .request import read_request
from .response import write_error, write_not_supported, write_output


class NotSupported(Exception):
    """Raised by a kernel function for a call it declines (a combination its capabilities cannot express)."""


def serve(attention, capabilities, argv=None):
    """Run the protocol for `attention` and exit with its status (see the module's doc)."""
    sys.exit(run(attention, capabilities, sys.argv[1:] if argv is None else argv))


def run(attention, capabilities, args):
    """The protocol for `attention`, returning the exit status instead of exiting.

    `attention(q, k, v, **call.arguments())` returns o `[B, Sq, Hq, Dv]`, or (o, lse) with lse `[B, Hq, Sq]`
    when `capabilities` declare `lse`; any real numpy-convertible arrays: o is rounded once to the call's
    element type, lse converted to `capabilities.lse_dtype`.
    """
    from . import __version__
    if args == ["--capabilities"]:
        print(capabilities.to_json(__version__))
        return 0
    if len(args) != 2 or any(a.startswith("-") for a in args):
        print("usage: KERNEL --capabilities | KERNEL REQUEST.h5 RESPONSE.h5", file=sys.stderr)
        return 2
    request, response = args
    try:
        calls = read_request(request)
    except (OSError, ValueError, KeyError) as e:
        print(f"attest-kit: cannot read the request {request}: {e}", file=sys.stderr)
        return 1
    with h5py.File(response, "w") as out:
        for call in calls:
            group = out.create_group(call.name)
            try:
                result = attention(call.q, call.k, call.v, **call.arguments())
                o, lse = _split(result, call)
                write_output(group, call, o, lse, capabilities.lse_dtype)
            except NotSupported as e:
                write_not_supported(group, str(e))
            except Exception as e:
                _clear(group)
                print(f"attest-kit: {call.name} ({call.case_id}):", file=sys.stderr)
                traceback.print_exc(file=sys.stderr)
                write_error(group, f"{type(e).__name__}: {e}")
    return 0


def _split(result, call):
    """(o, lse) from what the kernel function returned."""
    if isinstance(result, tuple):
        if len(result) != 2:
            raise TypeError(f"the kernel function returned a tuple of {len(result)}, expected o or (o, lse)")
        o, lse = result
    else:
        o, lse = result, None
    if call.wants_lse and lse is None:
        raise TypeError("the capabilities declare lse but the kernel function returned no lse")
    return o, lse


def _clear(group):
    """Remove what a failed call wrote (an `o` beside `error` is malformed)."""
    for name in list(group.keys()):
        del group[name]
