"""``@record``: what ``@dataclass`` generates for this package's plain data classes
(``__init__``, ``__repr__``, ``__eq__``, and for ``frozen`` ones ``__hash__`` and
read-only attributes), without importing ``dataclasses`` (which imports ``inspect``,
``ast``, ``dis`` and ``tokenize``).  Start-up time matters: the command runs in pre-commit
hooks.  The methods' source is generated per class; compiling it (an ``exec`` per class)
cost ~10 ms of a small run, so the package's own classes take theirs precompiled from
``core/records_compiled.py`` (``python scripts/gen_records.py`` writes it; a test checks it
is current), looked up by all that their source depends on (the class's "shape": field
names, their kinds, the compared and hashed ones, ``frozen``).  Any other class (a test's,
a plugin's, or one changed since the file was written) is compiled as before.  Only the
features used here exist:
defaults, ``field(default_factory=..., compare=..., hash=...)``, ``frozen``, ``slots``,
fields inherited from a record base class, and ``replace``.
"""

from __future__ import annotations

from reprlib import recursive_repr

from arm_orchlint.core.records_compiled import FACTORIES

_MISSING = object()

# shape (see _process) -> names of its namespace, for every class built in this process
# (what scripts/gen_records.py writes out)
SHAPES: dict[tuple, tuple[str, ...]] = {}


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class Field:
    __slots__ = ("default", "default_factory", "compare", "hash")

    def __init__(self, default, default_factory, compare, hash):
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.hash = hash


def field(*, default=_MISSING, default_factory=_MISSING, compare: bool = True, hash: bool | None = None) -> Field:
    return Field(default, default_factory, compare, hash)


def record(cls=None, /, *, frozen: bool = False, slots: bool = False):
    def wrap(cls):
        return _process(cls, frozen, slots)

    return wrap if cls is None else wrap(cls)


def fields_of(cls) -> tuple[str, ...]:
    """The field names of a record class, in order."""
    return cls.__record_fields__


def replace(obj, **changes):
    """A copy of ``obj`` with some fields changed (``dataclasses.replace``)."""
    for name in obj.__record_fields__:
        if name not in changes:
            changes[name] = getattr(obj, name)
    return obj.__class__(**changes)


def _field_specs(cls) -> dict:
    """name -> Field for the fields of ``cls``: a record base's first, then its own."""
    specs: dict = {}
    for base in reversed(cls.__mro__[1:]):
        specs.update(base.__dict__.get("__record_specs__", {}))
    for name in cls.__dict__.get("__annotations__", {}):
        value = cls.__dict__.get(name, _MISSING)
        specs[name] = value if isinstance(value, Field) else Field(value, _MISSING, True, None)
    return specs


def _with_slots(cls, own: list):
    """A copy of ``cls`` whose instances hold its own fields in ``__slots__`` (as
    ``@dataclass(slots=True)`` builds one); defaults then live in ``__init__`` only."""
    namespace = {k: v for k, v in cls.__dict__.items() if k not in own and k not in ("__dict__", "__weakref__")}
    namespace["__slots__"] = tuple(own)
    return type(cls)(cls.__name__, cls.__bases__, namespace)


def _process(cls, frozen: bool, slots: bool = False):
    specs = _field_specs(cls)
    names = list(specs)
    own = list(cls.__dict__.get("__annotations__", {}))
    if slots:
        cls = _with_slots(cls, own)
    ns: dict = {"_MISSING": _MISSING, "_set": object.__setattr__, "FrozenInstanceError": FrozenInstanceError}
    kinds, compared, hashed = [], [], []
    for name in names:
        spec = specs[name]
        if not slots and name in own and isinstance(cls.__dict__.get(name), Field):
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        if spec.default_factory is not _MISSING:
            ns[f"_factory_{name}"] = spec.default_factory
            kinds.append(_FACTORY)
        elif spec.default is not _MISSING:
            ns[f"_default_{name}"] = spec.default
            kinds.append(_DEFAULT)
        else:
            kinds.append(_REQUIRED)
        if spec.compare:
            compared.append(name)
            if spec.hash is None or spec.hash:
                hashed.append(name)
        elif spec.hash:
            hashed.append(name)
    if frozen:
        ns["_cls"] = cls
        ns["_fields"] = frozenset(names)
    # everything the methods' source depends on
    shape = (frozen, tuple(names), tuple(kinds), tuple(compared), tuple(hashed))
    SHAPES[shape] = tuple(ns)
    factory = FACTORIES.get(shape)
    if factory is None:
        exec(source(shape), ns)  # noqa: S102 - generated from the class's own field names
    else:
        ns.update(factory(**ns))
    written = set(cls.__dict__)  # methods the class writes itself win, as with @dataclass
    for method in ("__init__", "__repr__", "__eq__") + (("__hash__", "__setattr__", "__delattr__") if frozen else ()):
        if method in written and method in ("__init__", "__repr__", "__eq__"):
            continue
        fn = ns[method]
        fn.__qualname__ = f"{cls.__qualname__}.{method}"
        setattr(cls, method, recursive_repr()(fn) if method == "__repr__" else fn)
    if not frozen:
        cls.__hash__ = None  # mutable and compared by value, as @dataclass does
    cls.__record_fields__ = tuple(names)
    cls.__record_specs__ = specs
    cls.__match_args__ = tuple(names)
    return cls


_REQUIRED, _DEFAULT, _FACTORY = 0, 1, 2


def source(shape: tuple) -> str:
    """The methods of a record class of this shape (``_process``), as source text run in a
    namespace holding ``_MISSING``, ``_set``, ``FrozenInstanceError``, each field's
    ``_default_<name>`` or ``_factory_<name>``, and for frozen ones ``_cls`` and ``_fields``."""
    frozen, names, kinds, compared, hashed = shape
    params, body = [], []
    for name, kind in zip(names, kinds):
        if kind == _FACTORY:
            params.append(f"{name}=_MISSING")
            value_src = f"_factory_{name}() if {name} is _MISSING else {name}"
        elif kind == _DEFAULT:
            params.append(f"{name}=_default_{name}")
            value_src = name
        else:
            params.append(name)
            value_src = name
        body.append(f"    _set(self, {name!r}, {value_src})" if frozen else f"    self.{name} = {value_src}")

    def as_tuple(obj: str, chosen: tuple) -> str:
        return "(" + "".join(f"{obj}.{n}," for n in chosen) + ")"

    src = [f"def __init__(self, {', '.join(params)}):", *(body or ["    pass"])]
    fields_repr = ", ".join(f"{n}={{self.{n}!r}}" for n in names)
    src += ["def __repr__(self):", f'    return f"{{self.__class__.__qualname__}}({fields_repr})"']
    src += [
        "def __eq__(self, other):",
        "    if other.__class__ is self.__class__:",
        f"        return {as_tuple('self', compared)} == {as_tuple('other', compared)}",
        "    return NotImplemented",
    ]
    if frozen:
        src += ["def __hash__(self):", f"    return hash({as_tuple('self', hashed)})"]
        src += [
            "def __setattr__(self, name, value):",
            "    if type(self) is _cls or name in _fields:",
            "        raise FrozenInstanceError(f'cannot assign to field {name!r}')",
            "    super(_cls, self).__setattr__(name, value)",
        ]
        src += [
            "def __delattr__(self, name):",
            "    if type(self) is _cls or name in _fields:",
            "        raise FrozenInstanceError(f'cannot delete field {name!r}')",
            "    super(_cls, self).__delattr__(name)",
        ]
    return "\n".join(src)
