"""Root pytest configuration: import the package once before any source file is collected.

With ``--import-mode=importlib`` and ``--doctest-modules``, collecting a module of the package
before the package itself is imported can load it twice, breaking ``isinstance`` between copies.
"""

import swchina_dev  # noqa: F401
