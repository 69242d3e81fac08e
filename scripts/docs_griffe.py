"""A griffe extension for the API reference (``extensions:`` of mkdocstrings in ``mkdocs.yml``).

griffe reads the source statically, and attrs classes have no ``__init__`` in the source: attrs
writes it at import time. Without one, the reference would show ``Region()`` and griffe would
warn that every documented argument is missing from the signature. This extension gives each
attrs class without a hand-written ``__init__`` the signature attrs generates (read from the
imported class), with the field annotations as written in the source, so they link.
"""

from __future__ import annotations

import inspect
from typing import Any

import griffe

_ATTRS_DECORATORS = ("attrs.", "attr.")


class AttrsSignatures(griffe.Extension):
    """Add the generated ``__init__`` to attrs classes, so their signatures can be shown."""

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        """Give an attrs class its generated ``__init__`` (once its members are known)."""
        if "__init__" in cls.members or not any(
            str(decorator.callable_path).startswith(_ATTRS_DECORATORS)
            for decorator in cls.decorators
        ):
            return
        try:
            runtime = griffe.dynamic_import(cls.path)
            signature = inspect.signature(runtime)
        except (ImportError, TypeError, ValueError):
            return  # not importable here: leave the class as griffe read it
        parameters = [griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword)]
        for parameter in signature.parameters.values():
            field = cls.members.get(parameter.name)
            annotation = field.annotation if isinstance(field, griffe.Attribute) else None
            default = (
                None if parameter.default is inspect.Parameter.empty else repr(parameter.default)
            )
            parameters.append(
                griffe.Parameter(
                    parameter.name,
                    annotation=annotation,
                    kind=griffe.ParameterKind(parameter.kind.description),
                    default=default,
                )
            )
        init = griffe.Function(
            "__init__",
            parameters=griffe.Parameters(*parameters),
            returns="None",
            lineno=cls.lineno,
            endlineno=cls.lineno,
        )
        init.labels.add("generated")
        cls.set_member("__init__", init)
