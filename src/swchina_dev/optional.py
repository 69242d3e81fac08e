"""Optional dependencies: import one, or say which extra of swchina-dev installs it.

The one place that knows how to name a missing extra: pandas, pint-pandas and numpy (extra
`pandas`), numpy alone (extra `numpy`), pyarrow (`arrow`), frictionless (`datapackage`), duckdb
(`duckdb`), polars (`polars`).
"""

from __future__ import annotations

import importlib
from typing import Any

from swchina_dev.errors import MissingDependencyError

__all__ = ["import_optional"]


def import_optional(module: str, extra: str) -> Any:
    """Import an optional dependency, or say which extra of swchina-dev installs it.

    Args:
        module: The module to import (`"pandas"`, `"pyarrow.parquet"`).
        extra: The extra that installs it (`"pandas"`, `"arrow"`, `"datapackage"`).

    Returns:
        The module.

    Raises:
        MissingDependencyError: The module cannot be imported.

    Examples:
        >>> import_optional("json", "none").__name__
        'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingDependencyError(
            f"this needs {module.partition('.')[0]}, which is not installed ({error}): "
            f"pip install 'swchina-dev[{extra}]'",
            field=extra,
        ) from None
