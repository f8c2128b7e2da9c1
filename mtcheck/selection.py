"""Which checks run and how: select/ignore by code prefix, severity overrides, options.

Selection follows flake8: of all ``select`` and ``ignore`` entries matching a code,
the longest prefix wins; on a tie ``ignore`` wins. An empty ``select`` means all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from mtcheck.errors import ConfigError
from mtcheck.records import Severity
from mtcheck.registry import REGISTRY, CheckSpec, Registry, load_builtin_checks


def _normalise(prefixes: Iterable[str]) -> tuple[str, ...]:
    return tuple(p.strip().upper() for p in prefixes if p.strip())


def prefix_decision(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """True when ``code`` is selected. Longest matching prefix decides; ties go to ignore."""
    code = code.upper()
    best_select = max((len(p) for p in select if code.startswith(p)), default=-1)
    best_ignore = max((len(p) for p in ignore if code.startswith(p)), default=-1)
    if best_select < 0 and best_ignore < 0:
        return not tuple(select)
    return best_select > best_ignore


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: Mapping[str, str | Severity] | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        registry: Registry = REGISTRY,
    ) -> "Selection":
        if registry is REGISTRY:
            load_builtin_checks()
        sel, ign = _normalise(select), _normalise(ignore)
        known = [s.code for s in registry]
        for prefix in (*sel, *ign):
            if not any(code.startswith(prefix) for code in known):
                raise ConfigError(f"no check code starts with {prefix!r}", key="select/ignore")
        sev: dict[str, Severity] = {}
        for key, value in (severity or {}).items():
            spec = registry.get(key)
            if spec is None:
                raise ConfigError(f"unknown check {key!r}", key="severity")
            try:
                sev[spec.code] = value if isinstance(value, Severity) else Severity.parse(value)
            except ValueError as exc:
                raise ConfigError(str(exc), key=f"severity.{key}") from None
        opts: dict[str, dict[str, Any]] = {}
        for key, values in (options or {}).items():
            spec = registry.get(key)
            if spec is None:
                raise ConfigError(f"unknown check {key!r}", key="options")
            for opt in values:
                if opt not in spec.options:
                    allowed = ", ".join(sorted(spec.options)) or "none"
                    raise ConfigError(
                        f"{spec.code} has no option {opt!r} (options: {allowed})", key=f"options.{key}"
                    )
            opts[spec.code] = dict(values)
        return cls(sel, ign, sev, opts)

    def enabled(self, spec: CheckSpec) -> bool:
        return prefix_decision(spec.code, self.select, self.ignore)

    def options_for(self, spec: CheckSpec) -> dict[str, Any]:
        merged = dict(spec.options)
        merged.update(self.options.get(spec.code, {}))
        return merged

    def signature(self) -> str:
        parts = []
        if self.select:
            parts.append("select:" + ",".join(self.select))
        if self.ignore:
            parts.append("ignore:" + ",".join(self.ignore))
        if self.severity:
            parts.append("sev:" + ",".join(f"{k}={v}" for k, v in sorted(self.severity.items())))
        if self.options:
            parts.append(
                "opt:"
                + ",".join(f"{c}.{k}={v}" for c, o in sorted(self.options.items()) for k, v in sorted(o.items()))
            )
        return "|".join(parts)
