/**
 * The Python program that runs an uploaded code scorer's `scorer_fn` over a batch of steps (run by
 * code-scorer-sandbox.ts as `python3 -s -S -B -c <this>`). Protocol: stdin is one JSON object
 * `{code, score_type, call_timeout_s, steps: [...]}`; for each step, one JSON line
 * `{"ok": true, "value": v}` or `{"ok": false, "error": "..."}` on a private copy of fd 1 (fds 1 and 2 point at
 * /dev/null while user code runs, so its prints cannot corrupt the protocol).
 *
 * The guard (best effort, not a security boundary): no sockets (socket/_socket constructors and resolvers
 * replaced by functions that raise), no processes (os.system, fork, the exec, spawn and posix_spawn families, and
 * _posixsubprocess.fork_exec raise), resource limits (address space 1 GiB, files written ≤ 1 MiB, 64 open files,
 * CPU seconds), SIGALRM per call. Code that reaches native code (ctypes, cffi) can get around it.
 */
export const CODE_SCORER_RUNNER = String.raw`
import sys, os, json, math, signal, time

def _limit(name, value):
    try:
        import resource
        soft, hard = resource.getrlimit(getattr(resource, name))
        cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(getattr(resource, name), (cap, cap))
    except Exception:
        pass

_req = json.loads(sys.stdin.buffer.read().decode('utf-8'))
_limit('RLIMIT_AS', 1 << 30)
_limit('RLIMIT_FSIZE', 1 << 20)
_limit('RLIMIT_NOFILE', 64)
_limit('RLIMIT_CPU', int(_req.get('cpu_limit_s', 60)))

class SandboxError(PermissionError):
    pass

def _no_network(*a, **k):
    raise SandboxError('network access is disabled in the simulator code-scorer sandbox')

def _no_process(*a, **k):
    raise SandboxError('starting processes is disabled in the simulator code-scorer sandbox')

class _NoSocket:
    def __init__(self, *a, **k):
        _no_network()

import socket as _socket_mod, _socket
for _m in (_socket_mod, _socket):
    for _n in ('socket', 'SocketType'):
        if hasattr(_m, _n):
            setattr(_m, _n, _NoSocket)
    for _n in ('socketpair', 'fromfd', 'fromshare', 'create_connection', 'create_server', 'getaddrinfo',
               'gethostbyname', 'gethostbyname_ex', 'gethostbyaddr', 'getnameinfo', 'dup'):
        if hasattr(_m, _n):
            setattr(_m, _n, _no_network)
for _n in ('system', 'popen', 'fork', 'forkpty', 'vfork', 'execv', 'execve', 'execvp', 'execvpe', 'execl', 'execle',
           'execlp', 'execlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe', 'spawnl', 'spawnle', 'spawnlp', 'spawnlpe',
           'posix_spawn', 'posix_spawnp', 'kill', 'killpg'):
    if hasattr(os, _n):
        setattr(os, _n, _no_process)
try:
    import _posixsubprocess
    _posixsubprocess.fork_exec = _no_process
except ImportError:
    pass

_out = os.fdopen(os.dup(1), 'w', encoding='utf-8')
_null = os.open(os.devnull, os.O_WRONLY)
os.dup2(_null, 1)
os.dup2(_null, 2)
sys.stdout = open(os.devnull, 'w')
sys.stderr = open(os.devnull, 'w')

_pending = [0]

def _emit(obj):
    _out.write(json.dumps(obj) + '\n')
    _pending[0] += 1
    if _pending[0] >= 256:
        _out.flush()
        _pending[0] = 0

class Node(dict):
    """A trace, span or message: attribute access (step.output.content) and dict access both work."""
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

def _wrap(v):
    if isinstance(v, dict):
        return Node((k, _wrap(x)) for k, x in v.items())
    if isinstance(v, list):
        return [_wrap(x) for x in v]
    return v

class _Timeout(BaseException):
    pass

# one interval timer for the whole batch: every tick checks how long the current call has run
_call_s = float(_req['call_timeout_s'])
_started = [None]

def _on_tick(signum, frame):
    t0 = _started[0]
    if t0 is not None and time.monotonic() - t0 > _call_s:
        raise _Timeout()  # again on every tick while the call is overdue, so swallowing it does not help

signal.signal(signal.SIGALRM, _on_tick)
_tick = max(0.01, min(0.1, _call_s / 4))
signal.setitimer(signal.ITIMER_REAL, _tick, _tick)

def _timed(fn, *a, **k):
    _started[0] = time.monotonic()
    try:
        return fn(*a, **k)
    finally:
        _started[0] = None

def _err(e):
    if isinstance(e, _Timeout):
        return 'TimeoutError: scorer_fn took longer than %g s' % _call_s
    return ('%s: %s' % (type(e).__name__, e))[:500]

def _check(v, score_type):
    if score_type == 'bool':
        if isinstance(v, bool):
            return v
    elif score_type == 'int':
        if isinstance(v, int) and not isinstance(v, bool):
            return v
    elif score_type == 'str':
        if isinstance(v, str):
            return v[:1000]
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        if math.isfinite(v):
            return float(v)
        raise ValueError('scorer_fn returned %r, not a finite number' % v)
    raise TypeError('scorer_fn returned %s, expected %s' % (type(v).__name__, score_type))

_steps = _req['steps']
_ns = {'__name__': 'scorer'}
try:
    _timed(exec, compile(_req['code'], 'scorer.py', 'exec'), _ns)
    _fn = _ns.get('scorer_fn')
    if not callable(_fn):
        raise NameError('no function named scorer_fn')
except BaseException as e:
    _msg = _err(e)
    for _ in _steps:
        _emit({'ok': False, 'error': _msg})
    _out.close()
    os._exit(0)

# two contracts: scorer_fn(step_object, **kwargs) [GUIDE], and keyword-only scorer_fn(*, output, **kwargs) (also
# index, input, node_input, node_output, metadata, dataset_output). Keywords the function names are always passed;
# the rest only when it takes **kwargs.
import inspect
try:
    _params = list(inspect.signature(_fn).parameters.values())
except (TypeError, ValueError):
    _params = []
_P = inspect.Parameter
_positional = len(_params) > 0 and _params[0].kind in (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD)
_named = set(p.name for p in (_params[1:] if _positional else _params) if p.kind in (_P.POSITIONAL_OR_KEYWORD, _P.KEYWORD_ONLY))
_var_kw = any(p.kind == _P.VAR_KEYWORD for p in _params)

def _call(i, item):
    step = item['step']
    plain = step.get('output')
    if item.get('message_output'):
        step['output'] = {'role': 'assistant', 'content': plain}
    step = _wrap(step)
    kw = {'index': i, 'input': step.get('input'), 'output': plain, 'node_input': step.get('input'), 'node_output': plain,
          'metadata': step.get('metadata'), 'dataset_output': step.get('dataset_output')}
    kw = dict((k, v) for k, v in kw.items() if k in _named or (_var_kw and not (_positional and k == _params[0].name)))
    return _fn(step, **kw) if _positional else _fn(**kw)

for _i, _s in enumerate(_steps):
    try:
        _emit({'ok': True, 'value': _check(_timed(_call, _i, _s), _req['score_type'])})
    except BaseException as e:
        _emit({'ok': False, 'error': _err(e)})
_out.close()
os._exit(0)
`;
